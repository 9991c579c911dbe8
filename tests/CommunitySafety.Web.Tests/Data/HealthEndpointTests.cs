using System.Net;
using CommunitySafety.Tests;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Tests.Data;

/// <summary>/health, for a load balancer: open signed out, says only Healthy or Unhealthy.</summary>
public sealed class HealthEndpointTests : IDisposable
{
    private readonly TestApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Signed_out_it_says_healthy_and_nothing_more()
    {
        var response = await app.CreateClientWithoutRedirects().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString() ?? "");
    }

    [Fact]
    public async Task With_a_migration_not_applied_it_says_unhealthy_without_saying_why()
    {
        var client = app.CreateClientWithoutRedirects();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        await app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\""));

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Provider", "PostgreSql")]
    public async Task With_the_database_server_refusing_connections_it_says_unhealthy()
    {
        var client = app.CreateClientWithoutRedirects();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        app.Database.RefuseConnections();

        var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
