namespace SchoolGate.EndToEnd.Tests;

/// <summary>Polls a condition that another process (the gateway) makes true asynchronously.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(25);
        }
        while (TimeProvider.System.GetElapsedTime(deadline) < limit);

        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}; last value: {last}");
    }
}
