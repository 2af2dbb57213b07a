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
        /// <summary>An entry on a day that is not a school day.</summary>
        public const string NotASchoolDay = "not_a_school_day";
        /// <summary>An entry outside the entry window of the student's shift.</summary>
        public const string OutsideShift = "outside_shift";
        public const string CardNotYetValid = "card_not_yet_valid";
        public const string CardExpired = "card_expired";
        /// <summary>The student entered and has not exited since.</summary>
        public const string AntiPassback = "anti_passback";
        /// <summary>Allowed: a spare card on a temporary pass for today.</summary>
        public const string TemporaryPass = "temporary_pass";
        /// <summary>Allowed: security let the student in.</summary>
        public const string StaffOverride = "staff_override";

        /// <summary>The longest lane text of a decision.</summary>
        public const int MaxTextLength = 32;
    }
}
