using System.Text;

namespace SchoolGate.Firmware.Tests.Protocol;

/// <summary>
/// Deterministic mutations of valid JSON payloads for fuzzing the core's decoders: byte-level
/// damage (flip, insert, delete, truncate, invalid UTF-8) and structural tricks aimed at where a
/// hand-written reader may be more permissive than System.Text.Json (duplicate or escaped keys,
/// values of another type, numbers at and past the integer limits, deep nesting, lone surrogates).
/// </summary>
public sealed class PayloadMutator(int seed)
{
    private static readonly byte[] InterestingBytes =
        "\"\\{}[],:.-+eE0179 \t\nntfu"u8.ToArray().Concat(new byte[] { 0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xED, 0xEF, 0xF4, 0xF8, 0xFF }).ToArray();

    private static readonly string[] ReplacementValues =
    [
        "\"true\"", "\"7\"", "true", "false", "null", "1.0", "7e0", "-0", "0", "-1", "07", "1E2", "-",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "2147483647", "2147483648", "-2147483649", "99999999999999999999999999", "1e400", "[]", "{}", "[\"a\"]",
        "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u0000\"", "\"a\\/b\"", "[null]", "[1]", "[\"a\",]",
    ];

    private readonly Random _random = new(seed);

    public byte[] Mutate(byte[] valid)
    {
        var payload = valid;
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            payload = MutateOnce(payload);
        }

        return payload;
    }

    private byte[] MutateOnce(byte[] p)
    {
        switch (_random.Next(14))
        {
            case 0: return Flip(p);
            case 1: return Insert(p, InterestingBytes[_random.Next(InterestingBytes.Length)]);
            case 2: return Delete(p);
            case 3: return p.Length == 0 ? p : p[.._random.Next(p.Length)];
            case 4: return DuplicateMember(p);
            case 5: return ReplaceValue(p, ReplacementValues[_random.Next(ReplacementValues.Length)]);
            case 6: return ReplaceValue(p, HugeNumber());
            case 7: return AddMember(p, "\"deep\":" + Nest(10 + _random.Next(60)));
            case 8: return InsertInString(p, InvalidUtf8());
            case 9: return InsertInString(p, "\\ud800"u8.ToArray());
            case 10: return EscapeAKeyLetter(p);
            case 11: return Insert(p, (byte)" \t\r\n"[_random.Next(4)]);
            case 12: return _random.Next(2) == 0 ? [0xEF, 0xBB, 0xBF, .. p] : [.. p, .. "{}"u8.ToArray()];
            default: return ChangeKeyCase(p);
        }
    }

    private byte[] Flip(byte[] p)
    {
        if (p.Length == 0)
        {
            return p;
        }

        var copy = (byte[])p.Clone();
        copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
        return copy;
    }

    private byte[] Insert(byte[] p, byte b)
    {
        var at = _random.Next(p.Length + 1);
        return [.. p[..at], b, .. p[at..]];
    }

    private byte[] Delete(byte[] p)
    {
        if (p.Length == 0)
        {
            return p;
        }

        var at = _random.Next(p.Length);
        return [.. p[..at], .. p[(at + 1)..]];
    }

    // Text-level tricks work on the payload as Latin-1 so every byte survives the round trip,
    // including the invalid UTF-8 earlier mutations may have put there.
    private static string Text(byte[] p) => Encoding.Latin1.GetString(p);

    private static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    // Copies one top-level `"key":value` member (up to the next ',' or '}') and appends it.
    private byte[] DuplicateMember(byte[] p)
    {
        var text = Text(p);
        var keys = KeyPositions(text);
        if (keys.Count == 0)
        {
            return p;
        }

        var start = keys[_random.Next(keys.Count)];
        var end = ValueEnd(text, text.IndexOf(':', start) + 1);
        if (end < 0)
        {
            return p;
        }

        var member = text[start..end];
        var close = text.LastIndexOf('}');
        return close < 0 ? p : Bytes(text[..close] + "," + member + text[close..]);
    }

    private byte[] ReplaceValue(byte[] p, string value)
    {
        var text = Text(p);
        var keys = KeyPositions(text);
        if (keys.Count == 0)
        {
            return p;
        }

        var colon = text.IndexOf(':', keys[_random.Next(keys.Count)]);
        var end = ValueEnd(text, colon + 1);
        return end < 0 ? p : Bytes(text[..(colon + 1)] + value + text[end..]);
    }

    private byte[] AddMember(byte[] p, string member)
    {
        var text = Text(p);
        var open = text.IndexOf('{');
        return open < 0 ? p : Bytes(text[..(open + 1)] + member + "," + text[(open + 1)..]);
    }

    private byte[] InsertInString(byte[] p, byte[] bytes)
    {
        var quotes = Enumerable.Range(0, p.Length).Where(i => p[i] == '"').ToList();
        if (quotes.Count == 0)
        {
            return p;
        }

        var at = quotes[_random.Next(quotes.Count)] + 1;
        return [.. p[..Math.Min(at, p.Length)], .. bytes, .. p[Math.Min(at, p.Length)..]];
    }

    // "allow" -> "\u0061llow": the same name to System.Text.Json, so it must be to the core.
    private byte[] EscapeAKeyLetter(byte[] p)
    {
        var text = Text(p);
        var keys = KeyPositions(text);
        if (keys.Count == 0)
        {
            return p;
        }

        var at = keys[_random.Next(keys.Count)] + 1;
        return at < text.Length && char.IsAsciiLetter(text[at])
            ? Bytes(text[..at] + $"\\u{(int)text[at]:x4}" + text[(at + 1)..])
            : p;
    }

    private byte[] ChangeKeyCase(byte[] p)
    {
        var text = Text(p);
        var keys = KeyPositions(text);
        if (keys.Count == 0)
        {
            return p;
        }

        var at = keys[_random.Next(keys.Count)] + 1;
        return at < text.Length && char.IsAsciiLetterLower(text[at])
            ? Bytes(text[..at] + char.ToUpperInvariant(text[at]) + text[(at + 1)..])
            : p;
    }

    private string HugeNumber()
    {
        var digits = new string('9', 18 + _random.Next(30));
        return (_random.Next(2) == 0 ? "-" : "") + digits + (_random.Next(3) == 0 ? "e" + _random.Next(500) : "");
    }

    private string Nest(int depth)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            sb.Append(_random.Next(2) == 0 ? "[" : "{\"k\":");
        }

        sb.Append('1');
        var closers = sb.ToString().Where(c => c is '[' or '{').Reverse().Select(c => c == '[' ? ']' : '}');
        return sb + string.Concat(closers);
    }

    private byte[] InvalidUtf8() => _random.Next(6) switch
    {
        0 => [0xFF],
        1 => [0xC3],
        2 => [0xC0, 0xAF],
        3 => [0xED, 0xA0, 0x80],
        4 => [0xF4, 0x90, 0x80, 0x80],
        _ => [0xE2, 0x82],
    };

    // Positions of the opening quote of every member name: a string followed by ':'.
    private static List<int> KeyPositions(string text)
    {
        var result = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '"')
            {
                continue;
            }

            var close = text.IndexOf('"', i + 1);
            if (close < 0)
            {
                break;
            }

            var after = close + 1;
            while (after < text.Length && text[after] is ' ' or '\t' or '\n' or '\r')
            {
                after++;
            }

            if (after < text.Length && text[after] == ':')
            {
                result.Add(i);
            }

            i = close;
        }

        return result;
    }

    // End (exclusive) of the value starting at `start`: the next ',' or '}' outside strings and brackets.
    private static int ValueEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}' && depth > 0)
            {
                depth--;
            }
            else if ((c is ',' or '}') && depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
