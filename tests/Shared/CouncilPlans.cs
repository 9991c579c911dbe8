using static CommunitySafety.Tests.WorkbookBuilder;

namespace CommunitySafety.Tests;

/// <summary>
/// The Melton plan as a council keeps it in Excel, one file a quarter: titles and a blank row above the headings, a
/// priority written once as a merged row above its actions, wrapped cells, a "Progress:" row, target dates in words,
/// RAG given only by fill colour, lead agencies by their short names or not on the partner list at all, and a
/// heading ("Who") the importer cannot guess.
/// </summary>
public static class CouncilPlans
{
    public const string Red = "FFFF0000", Amber = "FFFFC000", Green = "FF00B050";

    public static byte[] MeltonQuarter1() => Xlsx(("Action plan",
    [
        [Merged("Melton Community Safety Partnership", 7)],
        ["Annual action plan: Q1 update"],
        [],
        ["Ref", "What we will do", "Lead agency", "Who", "Target date", "RAG", "Update"],
        [Merged("Priority 1: Drug related crime", 7)],
        ["IMP-01", "Closure orders on\ncuckooed addresses", "Leics Police", "Daniel Hewitt", "Ongoing", Fill(null, Green), "Two closure orders obtained."],
        ["IMP-02", "Drug dealing hotspot patrols with\nthe youth offending team", "YOT", "Nadia Shah", "Q3 2026/27", Fill(null, Amber), "Patrol plan agreed."],
        ["Progress: first patrols held in June."],
        [Merged("Priority 2: Road safety", 7)],
        ["IMP-03", "Speed awareness sessions in primary schools", "LFRS", "Ian Blake", "March 2027", Fill(null, Red), "Two schools visited."],
    ]));

    public static byte[] MeltonQuarter2() => Xlsx(("Action plan",
    [
        [Merged("Melton Community Safety Partnership", 7)],
        ["Annual action plan: Q2 update"],
        [],
        ["Ref", "What we will do", "Lead agency", "Who", "Target date", "RAG", "Update"],
        [Merged("Priority 1: Drug related crime", 7)],
        ["IMP-01", "Closure orders on\ncuckooed addresses", "Leics Police", "Daniel Hewitt", "Ongoing", Fill(null, Green), "Four closure orders obtained."],
        ["IMP-02", "Drug dealing hotspot patrols with\nthe youth offending team", "YOT", "Nadia Shah", "Q3 2026/27", Fill(null, Green), "Patrols weekly since July."],
        [Merged("Priority 2: Road safety", 7)],
        ["IMP-03", "Speed awareness sessions in primary schools", "LFRS", "Ian Blake", "March 2027", Fill(null, Amber), "Six schools visited."],
    ]));
}
