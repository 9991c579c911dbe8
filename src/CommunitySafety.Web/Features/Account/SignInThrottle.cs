using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CommunitySafety.Web.Features.Account;

public sealed class SignInLimitOptions
{
    public const string Section = "Authentication:SignInLimits";

    /// <summary>Failed sign-ins allowed for one email address in the window, whether or not an account has it.</summary>
    public int FailuresPerAddress { get; set; } = 5;

    /// <summary>Failed sign-ins allowed from one client (IP address) in the window, whatever addresses it tries.</summary>
    public int FailuresPerClient { get; set; } = 20;

    public int WindowMinutes { get; set; } = 15;
}

/// <summary>
/// Counts failed sign-ins per email address and per client with the framework's rate limiter. It answers the same for
/// an address with no account as for one with, so the limit tells an attacker nothing about which accounts exist; and
/// with it, guessing a password is too slow to be worth trying. Successful sign-ins are not counted.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> perAddress;
    private readonly PartitionedRateLimiter<string> perClient;

    public SignInThrottle(IOptions<SignInLimitOptions> options)
    {
        var o = options.Value;
        perAddress = Limiter(o.FailuresPerAddress, o.WindowMinutes);
        perClient = Limiter(o.FailuresPerClient, o.WindowMinutes);
    }

    public bool IsBlocked(string address, string client) =>
        !Has(perAddress, AddressKey(address)) || !Has(perClient, client);

    public void RecordFailure(string address, string client)
    {
        using var a = perAddress.AttemptAcquire(AddressKey(address));
        using var c = perClient.AttemptAcquire(client);
    }

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose()
    {
        perAddress.Dispose();
        perClient.Dispose();
    }

    private static string AddressKey(string address) => address.Trim().ToUpperInvariant();

    // Asking for no permits tells whether any are left without using one.
    private static bool Has(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key, 0);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, int minutes) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetSlidingWindowLimiter(key, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromMinutes(Math.Max(1, minutes)),
            SegmentsPerWindow = 5,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
