namespace SchoolGate.TestSupport;

/// <summary>
/// Polls for a state that another thread or process makes true in its own time (a lane's loop,
/// the gateway): only for conditions that must come true, never to wait for "nothing happened".
/// </summary>
public static class Eventually
{
    /// <summary>Waits for <paramref name="condition"/>, checking every 10 ms, at most 10 s unless told.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var start = TimeProvider.System.GetTimestamp();
        var limit = timeout ?? TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(start) > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Probes every 25 ms, at most 15 s unless told, until <paramref name="done"/> accepts the value; returns it.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var start = TimeProvider.System.GetTimestamp();
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
        while (TimeProvider.System.GetElapsedTime(start) < limit);

        throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}; last value: {last}");
    }
}
