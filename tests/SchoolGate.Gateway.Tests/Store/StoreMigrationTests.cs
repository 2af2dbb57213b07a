using Dapper;
using Microsoft.Data.Sqlite;
using SchoolGate.DeviceSdk.Protocol;

namespace SchoolGate.Gateway.Tests.Store;

public sealed class StoreMigrationTests
{
    private static readonly long[] AllVersions = [1, 2, 3, 4, 5];

    [Fact]
    public async Task UpgradesADatabaseOfTheEarlierMigratorInPlace()
    {
        var directory = Path.Combine(Path.GetTempPath(), "schoolgate-legacy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await UpgradeAsync(Path.Combine(directory, "gateway.db"));
        }
        finally
        {
            TestStore.ClearPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task UpgradeAsync(string path)
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.ExecuteAsync(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Store", "legacy-schema-v5.sql")));
        }

        await using var store = TestStore.Sqlite(path);
        await using var gateway = await TestGateway.StartAsync(sharedStore: store);
        var s = await gateway.SeedAsync();
        await using var device = await gateway.ConnectAsync(s.DeviceId, s.Secret);
        var ack = await device.SendEventAsync(1, PassageTypes.Entered, s.CardId, 0);

        var schools = await gateway.GetAsync<TestGateway.IdDto[]>("/api/schools");
        Assert.Equal(2, schools.Length);
        Assert.Equal(1, ack.Seq);
        Assert.Equal(AllVersions, Versions(store).Where(v => v <= 5));
        Assert.Equal(0, store.Scalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_migrations'"));
    }

    [Fact]
    public async Task GatewaysStartingTogetherOnOneDatabaseMigrateItOnce()
    {
        await using var first = await TestGateway.CreateAsync();
        await using var second = await TestGateway.CreateAsync(sharedStore: first.Store);

        await Task.WhenAll(Task.Run(first.StartAppAsync), Task.Run(second.StartAppAsync));

        var versions = Versions(first.Store);
        Assert.Equal(versions.Distinct(), versions);
        Assert.Equal(AllVersions, versions.Where(v => v <= 5));
        await first.CreateSchoolAsync("School 7");
        Assert.Single(await second.GetAsync<TestGateway.IdDto[]>("/api/schools"));
    }

    [Fact]
    public async Task RefusesToStartOnPostgresWithoutAConnectionString()
    {
        var error = await TestGateway.RefusedStartAsync("--Store:Provider=postgres");

        Assert.Contains("ConnectionStrings:SchoolGate", error.Message);
    }

    [Fact]
    public async Task RefusesToStartOnAnUnknownStoreProvider()
    {
        var error = await TestGateway.RefusedStartAsync("--Store:Provider=mysql");

        Assert.Contains("Store:Provider", error.Message);
    }

    private static long[] Versions(TestStore store)
    {
        using var connection = store.Open();
        return [.. connection.Query<long>("SELECT version FROM schema_versions ORDER BY version")];
    }
}
