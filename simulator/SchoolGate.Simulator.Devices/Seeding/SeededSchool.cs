namespace SchoolGate.Simulator.Devices.Seeding;

public sealed record SeededStudent(long Id, string FirstName, string LastName, string CardId, long GuardianId);

public sealed record SeededDevice(string DeviceId, string Secret, string Direction);

public sealed record SeededSchool(long SchoolId, string Name, IReadOnlyList<SeededStudent> Students, IReadOnlyList<SeededDevice> Devices);
