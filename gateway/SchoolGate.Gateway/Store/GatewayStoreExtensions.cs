using Dapper;

namespace SchoolGate.Gateway.Store;

public static class GatewayStoreExtensions
{
    public static WebApplicationBuilder AddGatewayStore(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<StoreOptions>(builder.Configuration.GetSection(StoreOptions.Section));
        builder.Services.AddSingleton<SqliteConnectionFactory>();
        builder.Services.AddSingleton<IDbConnectionFactory>(sp => sp.GetRequiredService<SqliteConnectionFactory>());
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddHostedService<StoreInitializer>();
        return builder;
    }

    /// <summary>True when the store answers a trivial query (used by /health).</summary>
    public static async Task<bool> IsHealthyAsync(this IDbConnectionFactory db, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await db.OpenAsync(cancellationToken);
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations") > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}
