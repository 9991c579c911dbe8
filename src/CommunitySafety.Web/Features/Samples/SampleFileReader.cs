using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using FluentValidation;

namespace CommunitySafety.Web.Features.Samples;

/// <summary>One thing wrong with a sample file, where it is: the file, the line and the JSON path.</summary>
public sealed record SampleProblem(string File, int? Line, string Path, string Message)
{
    public override string ToString() =>
        $"{File}{(Line is { } line ? ":" + line.ToString(CultureInfo.InvariantCulture) : "")} {Path}: {Message}";
}

/// <summary>A sample file as read: the file when it could be read, and every problem found in it.</summary>
public sealed record SampleRead(string Name, SampleFile? File, IReadOnlyList<SampleProblem> Problems);

/// <summary>
/// Reads a sample file and lists everything wrong with it rather than stopping at the first thing, so whoever fixes
/// the file fixes it once. System.Text.Json stops at the first unknown key or bad value, so the file is walked
/// against the shape of <see cref="SampleFile"/> first: every unknown key and every value of the wrong kind is
/// reported with its line. A syntax error ends the walk, as nothing after it can be read reliably.
/// </summary>
public static partial class SampleFileReader
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    public static SampleRead Read(string path, IValidator<SampleFile> validator)
    {
        var name = System.IO.Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path).AsMemory();
        if (bytes.Span.StartsWith(Utf8Bom)) bytes = bytes[Utf8Bom.Length..];

        var walk = new Walk(bytes, name);
        walk.Run();
        if (walk.Problems.Count > 0) return new SampleRead(name, null, walk.Problems);

        SampleFile? file;
        try
        {
            file = JsonSerializer.Deserialize<SampleFile>(bytes.Span, SampleLoader.Json);
        }
        catch (JsonException ex)
        {
            // The walk should have found this; report it rather than lose it.
            return new SampleRead(name, null, [new SampleProblem(name, (int?)ex.LineNumber + 1, ex.Path ?? "$", Reason(ex))]);
        }

        if (file is null) return new SampleRead(name, null, [new SampleProblem(name, 1, "$", "the file holds null, not a sample partnership.")]);
        var problems = validator.Validate(file).Errors.Select(e =>
        {
            var jsonPath = JsonPath(e.PropertyName);
            return new SampleProblem(name, walk.LineOf(jsonPath), jsonPath, e.ErrorMessage);
        }).OrderBy(p => p.Line).ToList();
        return new SampleRead(name, problems.Count == 0 ? file : null, problems);
    }

    /// <summary>"Strategies[0].Priorities[1].Title" as the file writes it: "$.strategies[0].priorities[1].title".</summary>
    public static string JsonPath(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName)) return "$";
        var segments = propertyName.Split('.').Select(segment =>
        {
            var index = segment.IndexOf('[', StringComparison.Ordinal);
            return index < 0
                ? JsonNamingPolicy.CamelCase.ConvertName(segment)
                : JsonNamingPolicy.CamelCase.ConvertName(segment[..index]) + segment[index..];
        });
        return "$." + string.Join('.', segments);
    }

    private static string Reason(JsonException ex) => "not valid JSON: " + ReaderDetails().Replace(ex.Message, "").Trim();

    /// <summary>The reader's own " Path: $ | LineNumber: 0 | BytePositionInLine: 2." tail, which the problem says better.</summary>
    [GeneratedRegex(@"\s*(Path: \S* \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?$")]
    private static partial Regex ReaderDetails();

    private sealed class Walk(ReadOnlyMemory<byte> json, string file)
    {
        private readonly List<int> lineStarts = LineStarts(json.Span);
        private readonly Dictionary<string, int> lines = new(StringComparer.Ordinal);
        private string current = "$";

        public List<SampleProblem> Problems { get; } = [];

        public void Run()
        {
            var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            try
            {
                if (!reader.Read())
                {
                    Problems.Add(new SampleProblem(file, 1, "$", "the file is empty."));
                    return;
                }

                Value(ref reader, typeof(SampleFile), "$", nullable: false);
                if (reader.Read()) Add(ref reader, "$", "there is more after the end of the sample partnership.");
            }
            catch (JsonException ex)
            {
                Problems.Add(new SampleProblem(file, (int?)ex.LineNumber + 1, current, Reason(ex)));
            }
        }

        /// <summary>The line of a path, or of the nearest enclosing one the file has (a missing key is on its object's line).</summary>
        public int? LineOf(string path)
        {
            while (true)
            {
                if (lines.TryGetValue(path, out var line)) return line;
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                if (cut <= 0) return lines.TryGetValue("$", out var root) ? root : null;
                path = path[..cut];
            }
        }

        private void Value(ref Utf8JsonReader reader, Type type, string path, bool nullable)
        {
            current = path;
            lines.TryAdd(path, Line(reader.TokenStartIndex));
            var info = SampleLoader.Json.GetTypeInfo(type);
            if (info.Kind is JsonTypeInfoKind.Object or JsonTypeInfoKind.Enumerable && reader.TokenType == JsonTokenType.Null)
            {
                if (!nullable) Add(ref reader, path, $"null is not allowed here: write {Shape(info)}, or leave the key out.");
                return;
            }

            switch (info.Kind)
            {
                case JsonTypeInfoKind.Object:
                    Object(ref reader, info, path);
                    break;
                case JsonTypeInfoKind.Enumerable:
                    List(ref reader, info, path);
                    break;
                default:
                    Scalar(ref reader, type, path);
                    break;
            }
        }

        private void Object(ref Utf8JsonReader reader, JsonTypeInfo info, string path)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Add(ref reader, path, $"expected {Shape(info)}.");
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                var keyLine = Line(reader.TokenStartIndex);
                var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
                reader.Read();
                if (property is null)
                {
                    Problems.Add(new SampleProblem(file, keyLine, $"{path}.{key}", UnknownKey(key, info)));
                    reader.Skip();
                    continue;
                }

                Value(ref reader, property.PropertyType, $"{path}.{property.Name}", property.IsSetNullable);
                current = path;
            }
        }

        private void List(ref Utf8JsonReader reader, JsonTypeInfo info, string path)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Add(ref reader, path, $"expected {Shape(info)}.");
                reader.Skip();
                return;
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                Value(ref reader, info.ElementType!, $"{path}[{index++}]", nullable: false);
                current = path;
            }
        }

        private void Scalar(ref Utf8JsonReader reader, Type type, string path)
        {
            var start = reader;
            try
            {
                JsonSerializer.Deserialize(ref reader, type, SampleLoader.Json);
            }
            catch (JsonException)
            {
                reader = start;
                Add(ref reader, path, BadValue(ref reader, type));
                reader.Skip();
            }
        }

        private void Add(ref Utf8JsonReader reader, string path, string message) =>
            Problems.Add(new SampleProblem(file, Line(reader.TokenStartIndex), path, message));

        private int Line(long offset)
        {
            var index = lineStarts.BinarySearch((int)offset);
            return (index < 0 ? ~index - 1 : index) + 1;
        }

        private static List<int> LineStarts(ReadOnlySpan<byte> json)
        {
            var starts = new List<int> { 0 };
            for (var i = 0; i < json.Length; i++)
            {
                if (json[i] == (byte)'\n') starts.Add(i + 1);
            }

            return starts;
        }
    }

    private static string UnknownKey(string key, JsonTypeInfo info)
    {
        var known = info.Properties.Select(p => p.Name).ToList();
        var close = known.Select(k => (Key: k, Distance: Distance(k, key))).Where(k => k.Distance <= 2).OrderBy(k => k.Distance).FirstOrDefault().Key;
        return close is not null
            ? $"unknown key \"{key}\": did you mean \"{close}\"?"
            : $"unknown key \"{key}\": {Article(Describe(info.Type))} has {string.Join(", ", known)}.";
    }

    private static string BadValue(ref Utf8JsonReader reader, Type type)
    {
        var written = reader.TokenType switch
        {
            JsonTokenType.String => $"\"{reader.GetString()}\"",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "a list",
            _ => Encoding.UTF8.GetString(reader.ValueSpan),
        };
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return $"{written} is not {Article(Describe(target))}: use one of {string.Join(", ", Enum.GetNames(target).Where(n => n != "None").Select(n => $"\"{n}\""))}.";
        }

        return written + " " + (target == typeof(DateOnly) ? "is not a date: write it as \"yyyy-MM-dd\"."
            : target == typeof(DateTime) ? "is not a date and time: write it as \"yyyy-MM-ddTHH:mm:ss\", London time."
            : target == typeof(bool) ? "is not true or false."
            : target == typeof(int) ? "is not a whole number."
            : target == typeof(decimal) ? "is not a number."
            : target == typeof(string) ? "is not text: write it in quotes."
            : $"is not {Article(Describe(target))}.");
    }

    private static string Shape(JsonTypeInfo info) => info.Kind == JsonTypeInfoKind.Enumerable
        ? $"a list [ ... ] of {Describe(info.ElementType!)} items"
        : $"{Article(Describe(info.Type))} {{ ... }}";

    /// <summary>A type as the partnership would name it: SampleBoardMember is "board member", RagRating "RAG rating".</summary>
    private static string Describe(Type type)
    {
        var name = type.Name.StartsWith("Sample", StringComparison.Ordinal) && type.Name.Length > "Sample".Length ? type.Name["Sample".Length..] : type.Name;
        if (name == "File") return "sample file";
        var words = Words().Replace(name, " $1").ToLowerInvariant();
        return words.StartsWith("rag ", StringComparison.Ordinal) ? "RAG" + words[3..] : words;
    }

    private static string Article(string noun) => ("aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an " : "a ") + noun;

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();

    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var row = new int[b.Length + 1];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                row[j] = Math.Min(Math.Min(row[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = row;
        }

        return previous[b.Length];
    }
}
