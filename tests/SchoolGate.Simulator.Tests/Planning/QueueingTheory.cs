namespace SchoolGate.Simulator.Tests.Planning;

/// <summary>Closed-form steady-state answers the simulation is checked against.</summary>
internal static class QueueingTheory
{
    /// <summary>M/M/c mean wait in queue: Erlang C probability of waiting divided by (cμ − λ).</summary>
    public static double ErlangCMeanWait(double lambda, double mu, int servers)
    {
        var offered = lambda / mu;
        var rho = offered / servers;
        var term = 1.0;
        var sum = 0.0;
        for (var k = 0; k < servers; k++)
        {
            sum += term;
            term *= offered / (k + 1);
        }

        var last = term / (1 - rho);
        var probabilityOfWaiting = last / (sum + last);
        return probabilityOfWaiting / (servers * mu - lambda);
    }

    /// <summary>M/G/1 mean wait in queue (Pollaczek–Khinchine): λ·E[S²] / (2(1 − ρ)).</summary>
    public static double PollaczekKhinchineMeanWait(double lambda, double meanService, double secondMoment)
    {
        var rho = lambda * meanService;
        return lambda * secondMoment / (2 * (1 - rho));
    }
}
