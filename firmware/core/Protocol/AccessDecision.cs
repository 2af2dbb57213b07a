namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>The gateway's answer to an <see cref="AccessRequest"/>.</summary>
    public sealed class AccessDecision
    {
        public long RequestId;
        public bool Allow;
        public string Reason;
        public int OpenMs;

        public AccessDecision(long requestId, bool allow, string reason, int openMs)
        {
            RequestId = requestId;
            Allow = allow;
            Reason = reason;
            OpenMs = openMs;
        }
    }
}
