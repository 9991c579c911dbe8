using System.Collections.Concurrent;
using CommunitySafety.Domain;
using CommunitySafety.Web.Data;
using CommunitySafety.Web.Features.Actions;
using CommunitySafety.Web.Features.UpdateRounds;
using Microsoft.EntityFrameworkCore;

namespace CommunitySafety.Web.Features.Dashboard;

/// <summary>
/// What the open dashboards and meeting screens of a partnership show, computed once per change and shared by every
/// viewer who may see the same: the key is the partnership, whether restricted items are in, the filter and the day,
/// never the person. A change to an action (here or, through the relay, on another instance) makes the partnership's
/// pictures stale and, a moment later, tells the open pages once; each page then reads the new picture, and the first
/// to ask computes it while the others wait for that one computation.
/// Every audited save on this instance is announced as it commits (<see cref="Data.AuditAnnouncer"/>), and other
/// instances' through the relay, so a page asking after a save has returned gets a picture with it. As a net for a
/// change that reached this instance by no announcement (a relay that was down, a tool writing to the database), a
/// picture is also stale once the audit log has moved on, looked at no more than once per
/// <see cref="AuditCheckInterval"/> for all the pages asking; and every picture is stale after <see cref="MaxAge"/>.
/// </summary>
public sealed class DashboardSnapshots : IDisposable
{
    /// <summary>The longest a picture is used without a check that finds it current: the day moving on, say.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Changes this close together reach the open pages as one: a coordinator saving row after row. Long enough, too,
    /// for the person saving to have their answer before a hundred open dashboards ask for their pages again.
    /// </summary>
    public static readonly TimeSpan SignalDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long one look at the audit log serves every page: what no announcement reached shows this much later at
    /// most, and a hundred dashboards refreshing after a change look once between them, not a hundred times.
    /// </summary>
    public static readonly TimeSpan AuditCheckInterval = TimeSpan.FromSeconds(2);

    /// <summary>A picture nobody has asked for in this long is dropped.</summary>
    public static readonly TimeSpan Unused = TimeSpan.FromMinutes(5);

    // Compiled once: it runs for every page a change refreshes, and so skips EF's per-call look-up of its translation.
    private static readonly Func<AppDbContext, Task<long?>> LatestAuditEntry =
        EF.CompileAsyncQuery((AppDbContext db) => db.AuditEntries.Max(e => (long?)e.Id));

    private readonly ConcurrentDictionary<SnapshotKey, Entry> entries = new();
    private readonly ConcurrentDictionary<int, PartnershipState> partnerships = new();
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly ILogger<DashboardSnapshots> log;
    private readonly DashboardService dashboards;
    private readonly ActionQueries actionQueries;
    private readonly UpdateRoundQueries rounds;
    private readonly ActionChanges changes;
    private readonly IDisposable subscription;
    private readonly ITimer sweeper;
    private readonly Lock versionGate = new();
    private (TaskCompletionSource<long> Group, long HeardOfAny, long StartedAt)? reading;
    private TaskCompletionSource<long>? versionWaiters;
    private (long Version, long ReadAt, long HeardOfAny)? lastVersionRead;
    private long computations;
    private long versionReads;

    public DashboardSnapshots(IDbContextFactory<AppDbContext> dbFactory, TimeProvider time, RatingsAtInstant ratingsThen, ActionChanges changes, ILogger<DashboardSnapshots> log)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        this.log = log;
        dashboards = new DashboardService(dbFactory, time, ratingsThen);
        actionQueries = new ActionQueries(dbFactory, time);
        rounds = new UpdateRoundQueries(dbFactory, time);
        this.changes = changes;
        subscription = changes.Subscribe(OnActionChangedAsync);
        sweeper = time.CreateTimer(_ => Sweep(), null, Unused, Unused);
    }

    /// <summary>How many pictures have been computed since start: the work, whatever the number of pages open.</summary>
    public long Computations => Interlocked.Read(ref computations);

    /// <summary>
    /// How many times the audit log's newest entry has been read: once per <see cref="AuditCheckInterval"/> and once per
    /// change heard of at most, however many pages ask.
    /// </summary>
    public long VersionReads => Interlocked.Read(ref versionReads);

    /// <summary>When this instance last heard of a change to the partnership's actions.</summary>
    public DateTime? LastChangeAt(int partnershipId) => partnerships.TryGetValue(partnershipId, out var state) ? state.LastChangeAt : null;

    /// <summary>
    /// One look at how current the partnership's pictures are, for the parts of one page: each part asked with it is
    /// checked against the same count of changes heard of and the same look at the audit log.
    /// </summary>
    public SnapshotRead BeginRead(int partnershipId) =>
        // The change count is read before the audit log, so a change in between makes this picture stale, never the next.
        new(partnershipId, changes.HeardOf(partnershipId), new Lazy<Task<long>>(DataVersionAsync));

    public Task<DashboardData> DataAsync(int partnershipId, Actor actor, DashboardFilter filter, SnapshotRead? read = null, CancellationToken ct = default) =>
        Allowed(actor, partnershipId)
            ? GetAsync(Key(partnershipId, "data", actor.IsCleared, filter), () => dashboards.GetAsync(partnershipId, Viewer(partnershipId, actor.IsCleared), filter), read, ct)
            : Task.FromResult(DashboardData.Empty);

    /// <summary>What moved since an instant, each list cut at <see cref="DashboardService.ListLimit"/> but the one <paramref name="page"/> names.</summary>
    /// <remarks>
    /// Every filter's lists come from one shared reading of the actions the viewer may see from that instant, so a
    /// board member changing the filter has theirs compared in memory rather than read again.
    /// </remarks>
    public Task<SinceReport> SinceAsync(int partnershipId, Actor actor, DashboardFilter filter, DateTime sinceUtc, SincePage? page = null, SnapshotRead? read = null, CancellationToken ct = default)
    {
        if (!Allowed(actor, partnershipId)) return Task.FromResult(SinceReport.Empty(sinceUtc));
        read ??= BeginRead(partnershipId);
        var viewer = Viewer(partnershipId, actor.IsCleared);
        return GetAsync(Key(partnershipId, page is null ? "since" : $"since:{page.List}:{page.From}:{page.Take}", actor.IsCleared, filter, sinceUtc),
            async () => await dashboards.SinceAsync(
                // Not the asker's token: the computation is shared, and one page closing does not cancel it for the others.
                await GetAsync(Key(partnershipId, "since-rows", actor.IsCleared, new DashboardFilter(), sinceUtc),
                    () => dashboards.SinceRowsAsync(partnershipId, viewer, sinceUtc), read, CancellationToken.None),
                filter, DashboardService.ListLimit, page),
            read, ct);
    }

    public Task<IReadOnlyList<MeetingOption>> PastMeetingsAsync(int partnershipId, Actor actor, int? boardId, SnapshotRead? read = null, CancellationToken ct = default) =>
        Allowed(actor, partnershipId)
            ? GetAsync(Key(partnershipId, "meetings", false, new DashboardFilter(boardId)),
                () => dashboards.PastMeetingsAsync(partnershipId, Viewer(partnershipId, false), boardId), read, ct)
            : Task.FromResult<IReadOnlyList<MeetingOption>>([]);

    /// <summary>Meeting mode's priorities with every action in this part of the meeting (no commentary: the screen shows none).</summary>
    public Task<IReadOnlyList<MeetingPriority>> MeetingAsync(int partnershipId, Actor actor, DashboardFilter filter, bool privatePart, SnapshotRead? read = null, CancellationToken ct = default)
    {
        if (!Allowed(actor, partnershipId)) return Task.FromResult<IReadOnlyList<MeetingPriority>>([]);
        var withRestricted = privatePart && actor.IsCleared;
        return GetAsync(Key(partnershipId, "meeting", withRestricted, filter),
            () => dashboards.PrioritiesAsync(partnershipId, Viewer(partnershipId, withRestricted), filter, withRestricted, withCommentary: false), read, ct);
    }

    /// <summary>
    /// How far the update rounds for the coming meetings have got: of every board, or the one filtered.
    /// <paramref name="includeRestricted"/> is the page's to decide, and counts only for the cleared.
    /// </summary>
    public Task<IReadOnlyList<RoundForMeeting>> RoundsAsync(int partnershipId, Actor actor, int? boardId, bool includeRestricted, SnapshotRead? read = null, CancellationToken ct = default)
    {
        if (!Allowed(actor, partnershipId)) return Task.FromResult<IReadOnlyList<RoundForMeeting>>([]);
        var withRestricted = includeRestricted && actor.IsCleared;
        return GetAsync(Key(partnershipId, "rounds", withRestricted, new DashboardFilter(boardId)),
            () => rounds.ForMeetingsAsync(partnershipId, Viewer(partnershipId, withRestricted), boardId, withRestricted), read, ct);
    }

    /// <summary>The boards, priorities, organisations and people the filters offer.</summary>
    public Task<ActionFilterOptions> FilterOptionsAsync(int partnershipId, Actor actor, SnapshotRead? read = null, CancellationToken ct = default) =>
        Allowed(actor, partnershipId)
            ? GetAsync(Key(partnershipId, "options", false, new DashboardFilter()), () => actionQueries.FilterOptionsAsync(partnershipId), read, ct)
            : Task.FromResult(new ActionFilterOptions([], [], [], []));

    /// <summary>
    /// Calls <paramref name="changed"/> (off the caller's thread, never more than once per <see cref="SignalDelay"/>)
    /// after the partnership's actions change. Dispose the subscription when the page closes.
    /// </summary>
    public IDisposable Subscribe(int partnershipId, Func<Task> changed)
    {
        var state = State(partnershipId);
        var subscriber = new Subscriber(state, changed);
        lock (state) state.Subscribers = [.. state.Subscribers, subscriber];
        return subscriber;
    }

    public void Dispose()
    {
        subscription.Dispose();
        sweeper.Dispose();
    }

    private static bool Allowed(Actor actor, int partnershipId) => actor.CanReadActionPlan && actor.CanSeePartnership(partnershipId);

    /// <summary>Anyone who may read the plan sees the same picture, apart from restricted items.</summary>
    private static Actor Viewer(int partnershipId, bool cleared) =>
        new("", "", null, partnershipId, IsAdministrator: false, IsCoordinator: false, IsPartnerLead: false, IsBoardMember: true, IsScrutinyMember: false, IsCleared: cleared);

    private SnapshotKey Key(int partnershipId, string kind, bool cleared, DashboardFilter filter, DateTime? since = null) =>
        new(partnershipId, kind, cleared, filter, since, time.Today());

    private async Task<T> GetAsync<T>(SnapshotKey key, Func<Task<T>> compute, SnapshotRead? read, CancellationToken ct)
    {
        read ??= BeginRead(key.PartnershipId);
        if (read.PartnershipId != key.PartnershipId) throw new ArgumentException("A read of one partnership was used for another's picture.", nameof(read));
        var version = read.Changes;
        var data = await read.DataVersion.Value.WaitAsync(ct);
        var now = time.GetUtcNow();
        var entry = entries.AddOrUpdate(key,
            _ => NewEntry(version, data, now, compute),
            (_, old) => old.IsCurrent(version, data, now) ? old : NewEntry(version, data, now, compute));
        entry.LastUsed = now;
        // The computation is shared: one page closing does not cancel it for the others.
        return (T)await entry.Value.Value.WaitAsync(ct);
    }

    private Entry NewEntry<T>(long version, long data, DateTimeOffset now, Func<Task<T>> compute) =>
        // On the thread pool: SQLite's provider runs its "async" calls synchronously, so a page's parts computed on the
        // caller's thread would queue behind each other rather than run side by side.
        new(version, data, now, new Lazy<Task<object>>(() => Task.Run(async () =>
        {
            Interlocked.Increment(ref computations);
            return (object)(await compute())!;
        })));

    /// <summary>
    /// The audit log's newest entry: it moves on with every saved change to the partnership's data. A look taken in the
    /// last <see cref="AuditCheckInterval"/>, with no change heard of since it began, serves; so does a look under way
    /// that began after the last change heard of. Otherwise the caller joins the next read to begin, which serves all
    /// who ask meanwhile.
    /// </summary>
    private Task<long> DataVersionAsync()
    {
        TaskCompletionSource<long> group;
        lock (versionGate)
        {
            var heard = changes.HeardOfAny;
            // A change heard of since the look was taken is in the audit log too: looking again now, once, saves the
            // pictures computed from the old look being computed again when it runs out.
            if (lastVersionRead is { } last && TimeProvider.System.GetElapsedTime(last.ReadAt) < AuditCheckInterval && last.HeardOfAny == heard)
            {
                return Task.FromResult(last.Version);
            }

            if (reading is { } current && current.HeardOfAny == heard) return current.Group.Task;
            group = versionWaiters ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (reading is not null) return group.Task;
            versionWaiters = null;
            // Wall-clock time, as for the signal: this spaces out reads, it says nothing about the partnership's day.
            reading = (group, heard, TimeProvider.System.GetTimestamp());
        }

        _ = Task.Run(ReadVersionsAsync);
        return group.Task;
    }

    /// <summary>Reads for the group under way, then for those who asked while it ran, until nobody is waiting.</summary>
    private async Task ReadVersionsAsync()
    {
        while (true)
        {
            TaskCompletionSource<long> group;
            long heard, startedAt;
            lock (versionGate) (group, heard, startedAt) = reading!.Value;
            try
            {
                Interlocked.Increment(ref versionReads);
                await using var db = await dbFactory.CreateDbContextAsync();
                var version = await LatestAuditEntry(db) ?? 0;
                lock (versionGate) lastVersionRead = (version, startedAt, heard);
                group.TrySetResult(version);
            }
            catch (Exception ex)
            {
                group.TrySetException(ex);
            }

            lock (versionGate)
            {
                if (versionWaiters is null)
                {
                    reading = null;
                    return;
                }

                reading = (versionWaiters, changes.HeardOfAny, TimeProvider.System.GetTimestamp());
                versionWaiters = null;
            }
        }
    }

    private PartnershipState State(int partnershipId) => partnerships.GetOrAdd(partnershipId, _ => new PartnershipState());

    private Task OnActionChangedAsync(ActionChange change)
    {
        var state = State(change.PartnershipId);
        lock (state)
        {
            if (state.LastChangeAt is null || change.ChangedAt > state.LastChangeAt) state.LastChangeAt = change.ChangedAt;
            if (state.SignalPending) return Task.CompletedTask;
            state.SignalPending = true;
        }

        // Wall-clock time, not the partnership's clock: this only gathers a burst of saves into one refresh.
        _ = Task.Delay(SignalDelay, TimeProvider.System).ContinueWith(_ => Signal(state), TaskScheduler.Default);
        return Task.CompletedTask;
    }

    private void Signal(PartnershipState state)
    {
        Subscriber[] subscribers;
        lock (state)
        {
            state.SignalPending = false;
            subscribers = state.Subscribers;
        }

        foreach (var subscriber in subscribers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await subscriber.Changed();
                }
                catch (ObjectDisposedException)
                {
                    // A page that closed as the signal went out.
                }
                catch (Exception ex)
                {
                    log.LogError(ex, "An open page failed to refresh after a change to the action plan");
                }
            });
        }
    }

    private void Sweep()
    {
        var cutoff = time.GetUtcNow() - Unused;
        foreach (var (key, entry) in entries)
        {
            if (entry.LastUsed < cutoff) entries.TryRemove(KeyValuePair.Create(key, entry));
        }
    }

    private sealed record SnapshotKey(int PartnershipId, string Kind, bool Cleared, DashboardFilter Filter, DateTime? Since, DateOnly Today);

    private sealed class Entry(long version, long data, DateTimeOffset computedAt, Lazy<Task<object>> value)
    {
        public Lazy<Task<object>> Value { get; } = value;

        public DateTimeOffset ComputedAt { get; } = computedAt;

        public DateTimeOffset LastUsed { get; set; } = computedAt;

        public bool IsCurrent(long currentVersion, long currentData, DateTimeOffset now) =>
            version == currentVersion && data == currentData && now - ComputedAt < MaxAge
            && !(Value.IsValueCreated && (Value.Value.IsFaulted || Value.Value.IsCanceled));
    }

    private sealed class PartnershipState
    {
        public DateTime? LastChangeAt;
        public bool SignalPending;
        public Subscriber[] Subscribers = [];
    }

    private sealed class Subscriber(PartnershipState state, Func<Task> changed) : IDisposable
    {
        public Func<Task> Changed { get; } = changed;

        public void Dispose()
        {
            lock (state) state.Subscribers = state.Subscribers.Where(s => s != this).ToArray();
        }
    }
}
