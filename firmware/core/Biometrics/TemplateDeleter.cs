using SchoolGate.Firmware.Core.Ports;
using SchoolGate.Firmware.Core.Protocol;

namespace SchoolGate.Firmware.Core.Biometrics
{
    /// <summary>
    /// Carries out the gateway's <see cref="TemplateDelete"/>: the template is deleted from the
    /// fingerprint module first, and only then confirmed on <see cref="Topics.BiometricDeleted"/>.
    /// Nothing is remembered: the gateway re-sends a command until it hears the confirmation, and a
    /// repeated delete of an empty slot is harmless, so a lost confirmation costs one more delete.
    /// </summary>
    public sealed class TemplateDeleter
    {
        /// <summary>Slot numbers of fingerprint modules are 16-bit page ids.</summary>
        public const int MaxTemplateId = 65535;

        private readonly IFingerprintReader _reader;
        private readonly ILink _link;
        private readonly string _deviceId;
        private readonly string _confirmTopic;
        private int _deleted;
        private int _failed;

        public TemplateDeleter(string deviceId, IFingerprintReader reader, ILink link)
        {
            _deviceId = deviceId;
            _reader = reader;
            _link = link;
            _confirmTopic = Topics.ForDevice(deviceId, Topics.BiometricDeleted);
        }

        /// <summary>Templates the module deleted on the gateway's command (repeats included).</summary>
        public int Deleted
        {
            get { return _deleted; }
        }

        /// <summary>Deletes the module did not confirm: not confirmed to the gateway either, which re-sends.</summary>
        public int Failed
        {
            get { return _failed; }
        }

        /// <summary>False for a payload that is not a delete command (the caller counts it); true once handled.</summary>
        public bool OnMessage(byte[] payload)
        {
            TemplateDelete command;
            if (!WireCodec.TryDecode(payload, out command) || command.TemplateId < 0 || command.TemplateId > MaxTemplateId)
            {
                return false;
            }

            if (!_reader.Delete(command.TemplateId))
            {
                _failed++;
                return true;
            }

            _deleted++;
            // A confirmation that does not reach the link is not retried here: the gateway's re-send
            // of the command brings it back, once the link is up.
            _link.Publish(_confirmTopic, WireCodec.Encode(new TemplateDeleted(_deviceId, command.CommandId, command.TemplateId)), false);
            return true;
        }
    }
}
