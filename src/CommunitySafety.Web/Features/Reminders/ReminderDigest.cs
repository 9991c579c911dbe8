using CommunitySafety.Domain;
using CommunitySafety.Web.Components.Shared;

namespace CommunitySafety.Web.Features.Reminders;

/// <summary>One line of a digest: an item due or overdue, with a link to it and, for an overdue action's lead, a link to update it.</summary>
public sealed record DigestItem(
    ReminderKind Kind,
    string Title,
    string? Reference,
    DateOnly DueDate,
    string Link,
    string? UpdateLink,
    string? BoardName,
    string? LeadName)
{
    public string Heading(DateOnly today) => Kind switch
    {
        ReminderKind.MilestoneDue or ReminderKind.SignOffCopy when DueDate == today => "Due today",
        ReminderKind.MilestoneDue or ReminderKind.SignOffCopy when DueDate.DayNumber - today.DayNumber == 1 => "Due tomorrow",
        ReminderKind.MilestoneDue or ReminderKind.SignOffCopy => $"Due in {DueDate.DayNumber - today.DayNumber} days",
        _ when today.DayNumber - DueDate.DayNumber == 1 => "Overdue by 1 day",
        _ => $"Overdue by {today.DayNumber - DueDate.DayNumber} days",
    };

    public string Why => Kind switch
    {
        ReminderKind.MilestoneDue => "You own this milestone.",
        ReminderKind.SignOffCopy => $"For your information as chair of {BoardName ?? "the sign-off board"}, which signs it off.",
        ReminderKind.ActionOverdue => "You lead this action. Please post a status update.",
        _ => $"For your information as chair of {BoardName ?? "the overseeing board"}: led by {LeadName ?? "nobody named"}.",
    };

    public string DueText => UkCulture.LongDate(DueDate);
}

public sealed record ReminderDigest(string RecipientName, string PartnershipName, DateOnly Today, IReadOnlyList<DigestItem> Items, string PreferencesLink)
{
    public IEnumerable<DigestItem> Overdue => Items.Where(i => i.Kind is ReminderKind.ActionOverdue or ReminderKind.OverdueEscalation).OrderBy(i => i.DueDate);

    public IEnumerable<DigestItem> Coming => Items.Where(i => i.Kind is ReminderKind.MilestoneDue or ReminderKind.SignOffCopy).OrderBy(i => i.DueDate);

    public string Subject
    {
        get
        {
            var overdue = Overdue.Count();
            var coming = Coming.Count();
            var parts = new List<string>();
            if (overdue > 0) parts.Add(overdue == 1 ? "1 overdue action" : $"{overdue} overdue actions");
            if (coming > 0) parts.Add(coming == 1 ? "1 milestone coming up" : $"{coming} milestones coming up");
            return $"{PartnershipName}: {string.Join(" and ", parts)}";
        }
    }

    public string PlainText()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"Dear {RecipientName},").AppendLine();
        text.AppendLine($"Your {PartnershipName} reminders for {UkCulture.LongDate(Today)}.").AppendLine();
        Section("Overdue actions", Overdue);
        Section("Milestones coming up", Coming);
        text.AppendLine($"Choose when you get milestone reminders: {PreferencesLink}");
        text.AppendLine("Overdue notices are always sent.");
        return text.ToString();

        void Section(string title, IEnumerable<DigestItem> items)
        {
            var list = items.ToList();
            if (list.Count == 0) return;
            text.AppendLine(title.ToUpperInvariant());
            foreach (var item in list)
            {
                text.AppendLine($"* {(item.Reference is null ? "" : item.Reference + " ")}{item.Title}");
                text.AppendLine($"  {item.Heading(Today)}: due {item.DueText}. {item.Why}");
                text.AppendLine($"  View: {item.Link}");
                if (item.UpdateLink is not null) text.AppendLine($"  Post a status update (no password needed, link valid 14 days): {item.UpdateLink}");
            }

            text.AppendLine();
        }
    }
}
