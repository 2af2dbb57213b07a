using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using Dapper;

namespace SchoolGate.Gateway.Store;

/// <summary>
/// One hot query kept compiled. SQLite compiles a statement anew for every command, and for the
/// entrance's one-query decision (<see cref="EntranceRules.EntranceFacts"/>, fourteen joins and
/// subqueries) the compiling was ~100 µs of ~110 µs per tap. So each connection this keeps open
/// holds its command, prepared once; a caller rents one (connection and command together, one
/// caller at a time) and gives it back. An idle connection holds no statement and no read
/// transaction, so it neither blocks writers nor a WAL checkpoint. On PostgreSQL the statement is
/// prepared on the server the same way.
/// </summary>
public sealed class PreparedQuery(IDbConnectionFactory db, string sql, params (string Name, DbType Type)[] parameters) : IAsyncDisposable
{
    // More idle connections than taps decided at once are of no use; extras are closed on return.
    private const int MaxIdle = 8;

    private readonly ConcurrentBag<Lease> _idle = [];
    private volatile bool _disposed;

    public async Task<Lease> RentAsync(CancellationToken cancellationToken)
    {
        if (_idle.TryTake(out var idle))
        {
            return idle;
        }

        var connection = await db.OpenAsync(cancellationToken);
        try
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, type) in parameters)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                parameter.DbType = type;
                parameter.Value = DBNull.Value;
                command.Parameters.Add(parameter);
            }

            await command.PrepareAsync(cancellationToken);
            return new Lease(this, connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var lease))
        {
            await lease.CloseAsync();
        }
    }

    private async ValueTask ReturnAsync(Lease lease)
    {
        if (_disposed || _idle.Count >= MaxIdle)
        {
            await lease.CloseAsync();
            return;
        }

        _idle.Add(lease);
        // Disposed while it was being given back: nobody else will close it.
        if (_disposed && _idle.TryTake(out var late))
        {
            await late.CloseAsync();
        }
    }

    /// <summary>A connection with the prepared command; disposing it gives both back (or closes them after a failure).</summary>
    public sealed class Lease : IAsyncDisposable
    {
        private readonly PreparedQuery _owner;
        private readonly DbCommand _command;
        private bool _broken;

        internal Lease(PreparedQuery owner, DbConnection connection, DbCommand command)
        {
            _owner = owner;
            Connection = connection;
            _command = command;
        }

        /// <summary>For follow-up statements of the same caller (plain Dapper commands are fine here).</summary>
        public DbConnection Connection { get; }

        public Lease Set(string name, object? value)
        {
            _command.Parameters[name].Value = value ?? DBNull.Value;
            return this;
        }

        /// <summary>The first row, mapped by Dapper as a query would (constructor or properties), or default.</summary>
        public async Task<T?> ReadSingleOrDefaultAsync<T>(CancellationToken cancellationToken)
        {
            try
            {
                await using var reader = await _command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
                return await reader.ReadAsync(cancellationToken) ? reader.GetRowParser<T>()(reader) : default;
            }
            catch
            {
                _broken = true;
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_broken || Connection.State != ConnectionState.Open)
            {
                await CloseAsync();
                return;
            }

            await _owner.ReturnAsync(this);
        }

        internal async ValueTask CloseAsync()
        {
            await _command.DisposeAsync();
            await Connection.DisposeAsync();
        }
    }
}
