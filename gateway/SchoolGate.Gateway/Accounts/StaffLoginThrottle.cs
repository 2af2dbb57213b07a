using Microsoft.Extensions.Options;
using SchoolGate.Gateway.Mqtt;

namespace SchoolGate.Gateway.Accounts;

/// <summary>
/// Wrong passwords per (login, remote address): after <see cref="AuthOptions.MaxFailedLogins"/> in
/// <see cref="AuthOptions.FailedLoginWindowSeconds"/>, sign-ins of that login from that address are
/// refused without checking until the window ends. Keyed by address too, so someone guessing from
/// elsewhere cannot lock a staff member out of their own office.
/// </summary>
public sealed class StaffLoginThrottle(IOptions<AuthOptions> options, TimeProvider time)
    : LoginThrottle(options.Value.MaxFailedLogins, TimeSpan.FromSeconds(options.Value.FailedLoginWindowSeconds), time);
