namespace SchoolGate.Gateway.Store;

/// <summary>
/// Registered before every other hosted service, so the schema exists before the broker loads
/// retained messages or accepts a device.
/// </summary>
public sealed class StoreInitializer(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
