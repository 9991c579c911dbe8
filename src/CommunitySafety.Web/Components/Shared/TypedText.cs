using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CommunitySafety.Web.Components.Shared;

/// <summary>
/// What a person typed into a form, as plain text they can copy and keep when the form could not be saved: every
/// text, choice, number and date they filled in, labelled, without the ids and versions the form carries for the
/// server. Works on any form model, so every form gets it without writing its own.
/// </summary>
public static partial class TypedText
{
    public static string Of(object? form)
    {
        if (form is null) return "";
        var lines = new List<string>();
        Append(form, "", lines, nested: false);
        return string.Join("\n", lines);
    }

    private static void Append(object form, string prefix, List<string> lines, bool nested)
    {
        foreach (var property in form.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || Skipped(property)) continue;
            var label = prefix + Label(property.Name);
            switch (property.GetValue(form))
            {
                case string text when !string.IsNullOrWhiteSpace(text):
                    lines.Add($"{label}: {text.Trim()}");
                    break;
                case Enum choice:
                    lines.Add($"{label}: {Words(choice.ToString())}");
                    break;
                case DateTime date:
                    lines.Add($"{label}: {date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)}");
                    break;
                case int or decimal or double:
                    lines.Add($"{label}: {Convert.ToString(property.GetValue(form), CultureInfo.InvariantCulture)}");
                    break;
                case IEnumerable items and not string when !nested:
                    var number = 1;
                    foreach (var item in items)
                    {
                        if (item is not null) Append(item, $"{label} {number++}, ", lines, nested: true);
                    }

                    break;
            }
        }
    }

    /// <summary>What the server needs but the person did not type: ids, versions, what was loaded, ticks.</summary>
    private static bool Skipped(PropertyInfo p) =>
        p.Name.EndsWith("Id", StringComparison.Ordinal) || p.Name is "Version" or "SuggestedRag" or "Loaded"
        || p.Name.StartsWith("Loaded", StringComparison.Ordinal)
        || p.PropertyType == typeof(bool) || p.PropertyType == typeof(Guid);

    private static string Label(string name)
    {
        var words = Words(name);
        return words.StartsWith("Rag ", StringComparison.Ordinal) ? "RAG " + words[4..] : words;
    }

    private static string Words(string name)
    {
        var spaced = WordStart().Replace(name, " $1").ToLowerInvariant();
        return char.ToUpperInvariant(spaced[0]) + spaced[1..];
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex WordStart();
}
