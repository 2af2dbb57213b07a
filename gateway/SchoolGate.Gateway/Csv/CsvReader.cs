namespace SchoolGate.Gateway.Csv;

/// <summary>A record of a CSV file: its fields and the 1-based line it starts on.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// RFC 4180 parsing: fields separated by ',' or ';' (Excel in the ru-RU and kk-KZ locales writes ';'),
/// quoted fields may hold the delimiter, doubled quotes and line breaks; CRLF or LF line ends; blank
/// lines are skipped. The delimiter is whichever of the two the first line has more of outside quotes.
/// </summary>
public static class CsvReader
{
    public static char DetectDelimiter(string text)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    /// <summary>The records, or an error naming the line (an unclosed quote, text after a closing quote).</summary>
    public static (List<CsvRecord> Records, string? Error) Parse(string text, char delimiter)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var line = 1;
        var recordLine = 1;
        var i = 0;
        var atFieldStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atFieldStart && c == '"')
            {
                var quoteLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return (records, $"line {quoteLine}: a quoted field is not closed.");
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    line += text[i] == '\n' ? 1 : 0;
                    field.Append(text[i++]);
                }

                if (i < text.Length && text[i] != delimiter && text[i] is not ('\r' or '\n'))
                {
                    return (records, $"line {line}: text after a closing quote (a quote inside a field must be doubled).");
                }

                atFieldStart = false;
                continue;
            }

            if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
                i++;
            }
            else if (c is '\r' or '\n')
            {
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                End();
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
                i++;
            }
        }

        End();
        return (records, null);

        void End()
        {
            fields.Add(field.ToString());
            field.Clear();
            atFieldStart = true;
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add(new CsvRecord(recordLine, [.. fields]));
            }

            fields.Clear();
        }
    }
}
