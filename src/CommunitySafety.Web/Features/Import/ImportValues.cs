using System.Globalization;
using System.Text.RegularExpressions;
using CommunitySafety.Domain;
using CommunitySafety.Web.Spreadsheets;

namespace CommunitySafety.Web.Features.Import;

/// <summary>A date read from a plan: the day, and a note when it was worked out from words rather than written as a date.</summary>
public sealed record ReadDate(DateOnly? Value, string? Note, bool NotADate);

/// <summary>How the words councils write in a plan's cells become the product's values.</summary>
public static partial class ImportValues
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    private static readonly string[] DayFormats =
    [
        "d/M/yyyy", "d/M/yy", "d.M.yyyy", "d-M-yyyy", "yyyy-MM-dd", "d MMM yyyy", "d MMMM yyyy", "d-MMM-yyyy", "d-MMM-yy",
        "d MMM yy", "dddd d MMMM yyyy", "ddd d MMM yyyy",
    ];

    private static readonly string[] MonthFormats = ["MMMM yyyy", "MMM yyyy", "MMM-yy", "MMM yy", "MMMM yy", "MM/yyyy", "M/yyyy"];

    /// <summary>
    /// A start or due date. A real date cell is taken as it is; "March 2025" and "Q3 2024/25" become the first or last
    /// day of the period (the UK financial year runs April to March); "Ongoing" or "Annually in April" are not dates.
    /// </summary>
    public static ReadDate Date(SheetCell cell, bool isStart)
    {
        if (cell.Date is { } d) return new(d, null, false);
        if (cell.Number is { } n && n is >= 20000 and <= 80000 && n == Math.Floor(n))
        {
            var fromNumber = DateOnly.FromDateTime(DateTime.FromOADate(n));
            return new(fromNumber, $"the number {n} read as the date {Uk(fromNumber)}", false);
        }

        var text = Ordinals().Replace(cell.Text.Trim(), "$1");
        if (DateTime.TryParseExact(text, DayFormats, EnGb, DateTimeStyles.AllowWhiteSpaces, out var day)) return new(DateOnly.FromDateTime(day), null, false);
        if (DateTime.TryParseExact(text, MonthFormats, EnGb, DateTimeStyles.AllowWhiteSpaces, out var month))
        {
            var first = new DateOnly(month.Year, month.Month, 1);
            var value = isStart ? first : first.AddMonths(1).AddDays(-1);
            return new(value, $"'{cell.Text}' read as {Uk(value)}, the {(isStart ? "first" : "last")} day of the month", false);
        }

        if (Quarter().Match(text) is { Success: true } q)
        {
            var quarter = int.Parse(q.Groups["q"].Value, CultureInfo.InvariantCulture);
            var startYear = Year(q.Groups["y"].Value);
            // Q1 of 2024/25 is April to June 2024; Q4 is January to March 2025.
            var begins = new DateOnly(startYear, 4, 1).AddMonths(3 * (quarter - 1));
            var value = isStart ? begins : begins.AddMonths(3).AddDays(-1);
            return new(value, $"'{cell.Text}' read as {Uk(value)}, the {(isStart ? "first" : "last")} day of that quarter of the financial year", false);
        }

        if (FinancialYear().Match(text) is { Success: true } fy)
        {
            var startYear = Year(fy.Groups["y"].Value);
            var value = isStart ? new DateOnly(startYear, 4, 1) : new DateOnly(startYear + 1, 3, 31);
            return new(value, $"'{cell.Text}' read as {Uk(value)}, the {(isStart ? "start" : "end")} of that financial year", false);
        }

        return new(null, null, true);
    }

    public static ActionStatus? Status(string text) => ImportHeadings.Key(text) switch
    {
        "not started" or "not yet started" or "planned" or "to start" or "pending" or "not due" or "not due to start" or "future" => ActionStatus.NotStarted,
        "in progress" or "ongoing" or "on going" or "on track" or "started" or "underway" or "under way" or "in hand" or "live" or "open"
            or "active" or "progressing" or "behind" or "delayed" or "at risk" or "off track" or "slipping" or "wip" => ActionStatus.InProgress,
        "complete" or "completed" or "done" or "achieved" or "closed" or "finished" or "delivered" or "met" => ActionStatus.Completed,
        "deferred" or "on hold" or "paused" or "postponed" or "suspended" => ActionStatus.Deferred,
        "cancelled" or "canceled" or "withdrawn" or "stopped" or "no longer required" or "superseded" or "removed" => ActionStatus.Cancelled,
        _ => null,
    };

    public static RagRating? Rag(string text) => ImportHeadings.Key(text) switch
    {
        "r" or "red" => RagRating.Red,
        "a" or "amber" or "yellow" or "orange" or "amber green" or "ag" or "red amber" or "ra" => RagRating.Amber,
        "g" or "green" => RagRating.Green,
        "b" or "blue" or "c" or "complete" or "completed" or "done" or "achieved" => RagRating.Complete,
        "not started" or "grey" or "gray" or "n a" or "na" or "not rated" or "not yet rated" or "white" => RagRating.NotStarted,
        _ => null,
    };

    /// <summary>A percentage: 60, "60%", or 0.6 in a cell formatted as a percentage.</summary>
    public static int? Progress(SheetCell cell)
    {
        double value;
        if (cell.Number is { } n)
        {
            value = cell.IsPercent || (n is > 0 and < 1) ? n * 100 : n;
        }
        else
        {
            var text = cell.Text.Trim().TrimEnd('%').Trim();
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return null;
        }

        var rounded = (int)Math.Round(value, MidpointRounding.AwayFromZero);
        return rounded is >= 0 and <= 100 ? rounded : null;
    }

    public static bool? YesNo(string text) => ImportHeadings.Key(text) switch
    {
        "yes" or "y" or "true" or "restricted" or "exempt" or "1" => true,
        "no" or "n" or "false" or "not restricted" or "public" or "0" => false,
        _ => null,
    };

    public static string Uk(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static int Year(string text)
    {
        var year = int.Parse(text, CultureInfo.InvariantCulture);
        return year < 100 ? 2000 + year : year;
    }

    [GeneratedRegex(@"\b(\d{1,2})(st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinals();

    [GeneratedRegex(@"^(?:Q(?<q>[1-4])\s*[,\-–]?\s*(?:FY\s*)?(?<y>\d{2}|\d{4})\s*/\s*\d{2,4}|(?:FY\s*)?(?<y>\d{2}|\d{4})\s*/\s*\d{2,4}\s*[,\-–]?\s*Q(?<q>[1-4]))$", RegexOptions.IgnoreCase)]
    private static partial Regex Quarter();

    [GeneratedRegex(@"^(?:FY\s*)?(?<y>\d{4})\s*/\s*\d{2,4}$", RegexOptions.IgnoreCase)]
    private static partial Regex FinancialYear();
}
