namespace SchoolGate.Simulator.Devices.Seeding;

/// <param name="GuardianLanguage">The language the gateway writes to the guardian in ("kk", "ru" or "en").</param>
public sealed record SeededStudent(long Id, string FirstName, string LastName, string CardId, long GuardianId, string GuardianLanguage);

public sealed record SeededDevice(string DeviceId, string Secret, string Direction);

public sealed record SeededSchool(long SchoolId, string Name, IReadOnlyList<SeededStudent> Students, IReadOnlyList<SeededDevice> Devices);
