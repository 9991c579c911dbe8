using CommunitySafety.Tests;

namespace CommunitySafety.Web.Tests.Faults;

/// <summary>One app on a database that can be made to fail, shared by the fault tests, which run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FaultyDatabaseCollection : ICollectionFixture<FaultyDatabaseApp>
{
    public const string Name = "faulty database";
}
