using Dapper;
using SchoolGate.DeviceSdk.Protocol;
using SchoolGate.Gateway.Audit;
using SchoolGate.Gateway.Diagnostics;
using SchoolGate.Gateway.Mqtt;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

/// <summary>
/// <c>.../biometric/deleted</c>: the device deleted a template on our command. The enrollment
/// becomes 'deleted' and frees its slot (the module may enroll another finger there). A repeat
/// of a confirmation already applied is fine (QoS 1, and the device confirms every re-send); a
/// confirmation of a command this device was never given is malformed: counted and refused.
/// </summary>
public sealed class TemplateDeletedHandler(
    IDbConnectionFactory db,
    AuditLog audit,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<TemplateDeletedHandler> logger) : IDeviceMessageHandler
{
    public string Leaf => Topics.BiometricDeleted;

    private sealed record Command(long Id, long SchoolId, string Status);

    public async Task<HandlerResult> HandleAsync(string deviceId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!ProtocolCodec.TryDecode(payload.Span, ProtocolJsonContext.Default.TemplateDeleted, out var confirmation, out var error))
        {
            return HandlerResult.Malformed(error);
        }

        if (confirmation.DeviceId != deviceId)
        {
            return HandlerResult.Malformed("payload deviceId does not match the topic");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var command = await connection.QuerySingleOrDefaultAsync<Command>("""
            SELECT id AS Id, school_id AS SchoolId, status AS Status FROM biometric_enrollments
            WHERE id = @CommandId AND device_id = @deviceId AND template_id = @TemplateId
            """,
            new { confirmation.CommandId, deviceId, confirmation.TemplateId }, transaction);
        if (command is null || command.Status == EnrollmentStates.Active)
        {
            return HandlerResult.Malformed(
                $"no template delete {confirmation.CommandId} of template {confirmation.TemplateId} was sent to this device");
        }

        if (command.Status == EnrollmentStates.Deleted)
        {
            return HandlerResult.Ok;
        }

        var now = time.NowMs();
        await connection.ExecuteAsync(
            "UPDATE biometric_enrollments SET status = 'deleted', deleted_at = @now, slot = NULL WHERE id = @Id AND status = 'deleting'",
            new { command.Id, now }, transaction);
        await audit.RecordAsync(connection, transaction, AuditActor.Gateway, "deleted-on-device", "biometric-enrollment", command.Id,
            command.SchoolId, new { state = EnrollmentStates.Deleting }, new { state = EnrollmentStates.Deleted, deviceId, confirmation.TemplateId });
        await transaction.CommitAsync(cancellationToken);
        metrics.TemplateDeletesConfirmed.Add();
        logger.LogInformation("Biometrics: {DeviceId} deleted template {TemplateId} (command {CommandId})",
            deviceId, confirmation.TemplateId, confirmation.CommandId);
        return HandlerResult.Ok;
    }
}
