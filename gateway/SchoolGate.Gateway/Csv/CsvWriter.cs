using System.Text;

namespace SchoolGate.Gateway.Csv;

/// <summary>
/// RFC 4180 text: CRLF line ends; a field with the delimiter, a quote, CR or LF is quoted and its
/// quotes doubled. A field starting with = + - @ gets a leading apostrophe so a spreadsheet shows
/// it instead of running it as a formula (a name typed as "=HYPERLINK(...)" by someone).
/// </summary>
public sealed class CsvWriter(char delimiter = ',')
{
    private readonly StringBuilder _text = new();

    public CsvWriter Row(params IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                _text.Append(delimiter);
            }

            first = false;
            Field(field ?? "");
        }

        _text.Append("\r\n");
        return this;
    }

    private void Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny([delimiter, '"', '\r', '\n']) < 0)
        {
            _text.Append(value);
            return;
        }

        _text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }

    public override string ToString() => _text.ToString();
}
