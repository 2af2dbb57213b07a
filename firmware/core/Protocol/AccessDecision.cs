namespace SchoolGate.Firmware.Core.Protocol
{
    /// <summary>The gateway's answer to an <see cref="AccessRequest"/>.</summary>
    public sealed class AccessDecision
    {
        public long RequestId;
        public bool Allow;
        public string Reason;
        public int OpenMs;

        /// <summary>The lane display's text, or null when the gateway sent none (left out of the JSON then).</summary>
        public string Text;

        public AccessDecision(long requestId, bool allow, string reason, int openMs)
            : this(requestId, allow, reason, openMs, null)
        {
        }

        public AccessDecision(long requestId, bool allow, string reason, int openMs, string text)
        {
            RequestId = requestId;
            Allow = allow;
            Reason = reason;
            OpenMs = openMs;
            Text = text;
        }
    }
}
