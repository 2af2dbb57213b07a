using System.ComponentModel.DataAnnotations;
using SchoolGate.Gateway.Http;
using SchoolGate.Gateway.Store;

namespace SchoolGate.Gateway.Biometrics;

public static class ConsentMethods
{
    /// <summary>A paper form signed by the guardian, kept by the school (documentRef: its archive number).</summary>
    public const string SignedForm = "signed-form";
    /// <summary>The guardian agreed in the school's Telegram bot chat (documentRef: the message).</summary>
    public const string Telegram = "telegram";

    public static readonly string[] All = [SignedForm, Telegram];
}

public static class EnrollmentStates
{
    /// <summary>The template opens the lane.</summary>
    public const string Active = "active";
    /// <summary>Removed (no access since removedAt); the device was told to delete the template and has not confirmed yet.</summary>
    public const string Deleting = "deleting";
    /// <summary>The device confirmed the template deleted from its module (deletedAt).</summary>
    public const string Deleted = "deleted";
}

/// <param name="GuardianId">A guardian linked to this student, who gave the consent.</param>
/// <param name="Method">"signed-form" or "telegram".</param>
/// <param name="DocumentRef">Where the consent can be found (the form's archive number, the message), at most 200 characters.</param>
public sealed record CreateBiometricConsent(
    [property: Required(ErrorMessage = "guardianId is required."), Range(1, long.MaxValue, ErrorMessage = "guardianId must be a positive id.")] long? GuardianId,
    [property: Required(ErrorMessage = "method is required.")] string? Method,
    [property: StringLength(200, ErrorMessage = "documentRef must be at most 200 characters.")] string? DocumentRef = null);

/// <param name="Reason">Why (e.g. "the guardian withdrew consent by phone"); kept in the consent's history.</param>
public sealed record RevokeBiometricConsent(
    [property: Required(ErrorMessage = "reason is required."), StringLength(500, MinimumLength = 1, ErrorMessage = "reason must be 1-500 characters.")] string? Reason);

/// <param name="DeviceId">A turnstile of the student's school, whose fingerprint module holds the template.</param>
/// <param name="TemplateId">The slot number the module enrolled the finger into (0-65535).</param>
public sealed record CreateBiometricEnrollment(
    [property: Required(ErrorMessage = "deviceId is required."), WireId(ErrorMessage = "deviceId must be 1-64 characters of A-Z a-z 0-9 - _ . :")] string? DeviceId,
    [property: Required(ErrorMessage = "templateId is required."), Range(0, 65535, ErrorMessage = "templateId must be between 0 and 65535.")] int? TemplateId);

/// <param name="Reason">Why the template is removed; optional.</param>
public sealed record RemoveBiometricEnrollment(
    [property: StringLength(500, ErrorMessage = "reason must be at most 500 characters.")] string? Reason = null);

public sealed record BiometricConsent(long Id, long StudentId, long GuardianId, string Method, string? DocumentRef,
    DateTimeOffset RecordedAt, string RecordedBy, bool InForce, DateTimeOffset? RevokedAt, string? RevokedBy, string? RevokeReason);

public sealed record BiometricEnrollment(long Id, long StudentId, string DeviceId, int TemplateId, long ConsentId, string State,
    DateTimeOffset EnrolledAt, string EnrolledBy, DateTimeOffset? RemovedAt, string? RemovedBy, string? RemoveReason,
    DateTimeOffset? DeleteSentAt, long DeleteAttempts, DateTimeOffset? DeletedAt);

internal sealed record ConsentRow(long Id, long StudentId, long SchoolId, long GuardianId, string Method, string? DocumentRef,
    long RecordedAt, string RecordedBy, long? ActiveStudentId, long? RevokedAt, string? RevokedBy, string? RevokeReason)
{
    public const string Select = """
        SELECT id AS Id, student_id AS StudentId, school_id AS SchoolId, guardian_id AS GuardianId, method AS Method,
            document_ref AS DocumentRef, recorded_at AS RecordedAt, recorded_by AS RecordedBy, active_student_id AS ActiveStudentId,
            revoked_at AS RevokedAt, revoked_by AS RevokedBy, revoke_reason AS RevokeReason
        FROM biometric_consents
        """;

    public BiometricConsent ToConsent() => new(Id, StudentId, GuardianId, Method, DocumentRef, UnixTime.FromMs(RecordedAt), RecordedBy,
        ActiveStudentId is not null, UnixTime.FromMs(RevokedAt), RevokedBy, RevokeReason);
}

internal sealed record EnrollmentRow(long Id, long StudentId, long SchoolId, string DeviceId, long TemplateId, long ConsentId, string Status,
    long EnrolledAt, string EnrolledBy, long? RemovedAt, string? RemovedBy, string? RemoveReason, long? DeleteSentAt, long DeleteAttempts,
    long? DeletedAt)
{
    public const string Select = """
        SELECT id AS Id, student_id AS StudentId, school_id AS SchoolId, device_id AS DeviceId, template_id AS TemplateId,
            consent_id AS ConsentId, status AS Status, enrolled_at AS EnrolledAt, enrolled_by AS EnrolledBy, removed_at AS RemovedAt,
            removed_by AS RemovedBy, remove_reason AS RemoveReason, delete_sent_at AS DeleteSentAt, delete_attempts AS DeleteAttempts,
            deleted_at AS DeletedAt
        FROM biometric_enrollments
        """;

    public BiometricEnrollment ToEnrollment() => new(Id, StudentId, DeviceId, (int)TemplateId, ConsentId, Status,
        UnixTime.FromMs(EnrolledAt), EnrolledBy, UnixTime.FromMs(RemovedAt), RemovedBy, RemoveReason, UnixTime.FromMs(DeleteSentAt),
        DeleteAttempts, UnixTime.FromMs(DeletedAt));
}
