namespace CommunitySafety.Web.Tests;

/// <summary>
/// bUnit's synchronous waits and clicks each hold a thread-pool thread while the page's renderer needs another to run.
/// With tests in parallel on a 2-core CI machine the pool starts with two and adds more only slowly, so a page's first
/// render could wait out a test's whole timeout ("the wait condition was never checked"). bUnit's own advice: raise
/// the pool's minimum once for the assembly.
/// </summary>
internal static class ThreadPoolSetup
{
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 4), io);
    }
}
