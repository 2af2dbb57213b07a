namespace SchoolGate.Firmware.Core.Protocol
{
    public static class Reasons
    {
        public const string Ok = "ok";
        public const string UnknownCard = "unknown_card";
        public const string CardRevoked = "card_revoked";
        public const string WrongSchool = "wrong_school";
        public const string StudentInactive = "student_inactive";
        public const string UnknownDevice = "unknown_device";
        /// <summary>A registered device whose kind takes no access decisions.</summary>
        public const string WrongDeviceKind = "wrong_device_kind";
        /// <summary>Set on offline decisions: the gateway did not answer within the device's budget.</summary>
        public const string OfflineList = "offline_list";
        public const string NotInOfflineList = "not_in_offline_list";
    }
}
