namespace SchoolGate.Simulator.Parents;

/// <summary>
/// A morning of arrivals seen from the parents' side: families (children who arrive together,
/// guardians who each want to hear about every child) spread over schools, each school's
/// guardians on one bot, arriving over a window that peaks just before the bell.
/// </summary>
/// <param name="Children">Children who arrive (each tells every guardian of the family).</param>
/// <param name="GuardiansPerChild">Guardians per child on average: 1.5 in the pilot (10,000 children, 15,000 guardians).</param>
/// <param name="Window">From the first arrival to the bell.</param>
/// <param name="PeakAt">Where in the window arrivals are densest (0..1): a triangle rising to it, then falling.</param>
/// <param name="ChildrenPerSchool">About 1,000: the pilot's ten schools.</param>
public sealed record ParentRushScenario(string Name, int Children, double GuardiansPerChild, TimeSpan Window, double PeakAt = 0.8,
    int ChildrenPerSchool = 1000)
{
    public static ParentRushScenario Pilot { get; } = new("pilot", 10_000, 1.5, TimeSpan.FromMinutes(20));

    public static ParentRushScenario City { get; } = new("city", 80_000, 1.5, TimeSpan.FromMinutes(30));

    public static ParentRushScenario? Named(string name) => name switch
    {
        "pilot" => Pilot,
        "city" => City,
        _ => null,
    };

    /// <summary>Fewer children over a shorter window: the same arrival rate, so the same peak, in less time.</summary>
    public ParentRushScenario Scaled(double scale) => scale == 1 ? this : this with
    {
        Children = Math.Max(1, (int)Math.Round(Children * scale)),
        Window = Window * scale,
        ChildrenPerSchool = Math.Max(1, (int)Math.Round(ChildrenPerSchool * scale)),
    };

    /// <summary>Families of 1-3 children (70/25/5 %) with guardians chosen so the scenario's ratio holds; each family arrives together.</summary>
    public Population Generate(int seed)
    {
        var random = new Random(seed);
        var families = new List<Family>();
        var children = 0;
        var guardians = 0;
        var schools = Math.Max(1, Children / ChildrenPerSchool);
        while (children < Children)
        {
            var roll = random.NextDouble();
            var kids = Math.Min(Children - children, roll < 0.70 ? 1 : roll < 0.95 ? 2 : 3);
            // Expected guardians for these kids, rounded at random so the mean comes out exact.
            var wanted = kids * GuardiansPerChild;
            var parents = Math.Max(1, (int)Math.Floor(wanted) + (random.NextDouble() < wanted - Math.Floor(wanted) ? 1 : 0));
            var arrival = Triangle(random) * Window.TotalMilliseconds;
            families.Add(new Family(families.Count, random.Next(schools), children, kids, guardians, parents, arrival,
                // Siblings come through the turnstile a moment apart.
                [.. Enumerable.Range(0, kids).Select(k => k == 0 ? 0 : random.NextDouble() * 4000)]));
            children += kids;
            guardians += parents;
        }

        return new Population(families, children, guardians, schools);
    }

    private double Triangle(Random random)
    {
        var u = random.NextDouble();
        return u < PeakAt ? Math.Sqrt(u * PeakAt) : 1 - Math.Sqrt((1 - u) * (1 - PeakAt));
    }
}

/// <param name="FirstChild">Index of the family's first child; its children are FirstChild..FirstChild+Children-1.</param>
/// <param name="FirstGuardian">Likewise for guardians.</param>
/// <param name="ArrivalMs">When the family arrives, from the window's start.</param>
/// <param name="ChildOffsetsMs">When each child passes, after the family's arrival.</param>
public sealed record Family(int Id, int School, int FirstChild, int Children, int FirstGuardian, int Guardians, double ArrivalMs,
    double[] ChildOffsetsMs);

public sealed record Population(IReadOnlyList<Family> Families, int Children, int Guardians, int Schools);
