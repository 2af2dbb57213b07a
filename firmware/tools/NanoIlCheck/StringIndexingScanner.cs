using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SchoolGate.Firmware.NanoIlCheck;

/// <summary>
/// Finds every call to <c>System.String::get_Chars</c> (C# <c>s[i]</c>) in method bodies. It runs
/// on nanoFramework, but slowly: nanoCLR keeps strings as UTF-8 and get_Chars walks the string
/// from its first byte to the i-th character (nf-interpreter
/// src/CLR/CorLib/corlib_native_System_String.cpp, get_Chars), so a loop over s[i] is quadratic.
/// Code that needs characters converts once with ToCharArray or keeps bytes.
/// </summary>
public static class StringIndexingScanner
{
    public static IReadOnlyList<string> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new SignatureChecker(md);
        var calls = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var typeHandle in md.TypeDefinitions)
        {
            foreach (var methodHandle in md.GetTypeDefinition(typeHandle).GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                var reader = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                foreach (var target in CalledMembers(reader))
                {
                    if (IsStringGetChars(md, target))
                    {
                        calls.Add($"String indexer (s[i], O(i) on nanoFramework) in method {names.MemberName(methodHandle)}");
                    }
                }
            }
        }

        return calls.ToList();
    }

    private static bool IsStringGetChars(MetadataReader md, EntityHandle target)
    {
        if (target.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var member = md.GetMemberReference((MemberReferenceHandle)target);
        if (member.Parent.Kind != HandleKind.TypeReference || !md.StringComparer.Equals(member.Name, "get_Chars"))
        {
            return false;
        }

        var type = md.GetTypeReference((TypeReferenceHandle)member.Parent);
        return md.StringComparer.Equals(type.Namespace, "System") && md.StringComparer.Equals(type.Name, "String");
    }

    // The targets of call, callvirt and ldftn-style instructions, walking the IL with the operand
    // sizes of ECMA-335 Partition III so an operand byte is never read as an opcode.
    private static IEnumerable<EntityHandle> CalledMembers(BlobReader il)
    {
        var targets = new List<EntityHandle>();
        while (il.RemainingBytes > 0)
        {
            int opcode = il.ReadByte();
            if (opcode == 0xFE)
            {
                opcode = 0xFE00 | il.ReadByte();
            }

            if (opcode == 0x28 || opcode == 0x6F || opcode == 0x73 || opcode == 0xFE06 || opcode == 0xFE07)
            {
                targets.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                continue;
            }

            if (opcode == 0x45)
            {
                // switch: a count, then that many 4-byte targets.
                il.Offset += 4 * il.ReadInt32();
                continue;
            }

            il.Offset += OperandSize(opcode);
        }

        return targets;
    }

    private static int OperandSize(int opcode)
    {
        switch (opcode)
        {
            case >= 0x0E and <= 0x13: // ldarg.s .. stloc.s
            case 0x1F: // ldc.i4.s
            case >= 0x2B and <= 0x37: // short branches
            case 0xDE: // leave.s
            case 0xFE12: // unaligned.
            case 0xFE19: // no.
                return 1;
            case >= 0xFE09 and <= 0xFE0E: // ldarg .. stloc (16-bit index)
                return 2;
            case 0x21: // ldc.i8
            case 0x23: // ldc.r8
                return 8;
            case 0x20: // ldc.i4
            case 0x22: // ldc.r4
            case 0x27: // jmp
            case 0x29: // calli
            case >= 0x38 and <= 0x44: // long branches
            case >= 0x70 and <= 0x75: // cpobj, ldobj, ldstr, newobj, castclass, isinst
            case 0x79: // unbox
            case >= 0x7B and <= 0x81: // field access, stobj
            case 0x8C: // box
            case 0x8D: // newarr
            case 0x8F: // ldelema
            case 0xA3: // ldelem
            case 0xA4: // stelem
            case 0xA5: // unbox.any
            case 0xC2: // refanyval
            case 0xC6: // mkrefany
            case 0xD0: // ldtoken
            case 0xDD: // leave
            case 0xFE15: // initobj
            case 0xFE16: // constrained.
            case 0xFE1C: // sizeof
                return 4;
            default:
                return 0;
        }
    }
}
