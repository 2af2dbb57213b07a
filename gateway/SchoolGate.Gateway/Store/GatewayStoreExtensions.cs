using Dapper;
using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Store.Migrations;

namespace SchoolGate.Gateway.Store;

public static class GatewayStoreExtensions
{
    /// <summary>
    /// The store chosen by <c>Store:Provider</c>: an SQLite file (default) or PostgreSQL
    /// (<c>ConnectionStrings:SchoolGate</c>), migrated at start.
    /// </summary>
    public static WebApplicationBuilder AddGatewayStore(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>()
            .Bind(builder.Configuration.GetSection(StoreOptions.Section))
            .PostConfigure(o => o.ConnectionString ??= builder.Configuration.GetConnectionString(StoreOptions.ConnectionStringName))
            .Validate(o => o.Provider is StoreOptions.Sqlite or StoreOptions.Postgres,
                $"{StoreOptions.Section}:{nameof(StoreOptions.Provider)} must be '{StoreOptions.Sqlite}' or '{StoreOptions.Postgres}'.")
            .Validate(o => o.Provider != StoreOptions.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"{StoreOptions.Section}:{nameof(StoreOptions.Provider)}={StoreOptions.Postgres} needs ConnectionStrings:{StoreOptions.ConnectionStringName}.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IDbConnectionFactory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            return options.Provider == StoreOptions.Postgres
                ? new PostgresConnectionFactory(options)
                : new SqliteConnectionFactory(options);
        });
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
            return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {SchemaVersionTable.Name}") > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }
}
