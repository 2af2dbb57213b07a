using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace SchoolGate.Firmware.NanoIlCheck;

/// <summary>
/// Finds IL that Roslyn happily compiles against nanoFramework's mscorlib but that the
/// nanoFramework 1.x runtime cannot load: generic type or method definitions, generic
/// instantiations (TypeSpec/MethodSpec, generic types inside any signature) and arrays of rank
/// greater than one. Signatures of fields, methods, locals and member references are decoded, so
/// a <c>Box&lt;int&gt;</c> field or an <c>int[,]</c> local is caught even without a TypeSpec row.
/// </summary>
public static class NanoIlScanner
{
    public static IReadOnlyList<string> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata)
        {
            throw new InvalidOperationException("not a .NET assembly");
        }

        var md = pe.GetMetadataReader();
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        var provider = new SignatureChecker(md);

        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var typeName = provider.GetTypeFromDefinition(md, typeHandle, 0);
            if (type.GetGenericParameters().Count > 0)
            {
                violations.Add($"generic type definition {typeName}");
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var where = $"field {typeName}.{md.GetString(field.Name)}";
                Collect(violations, provider, where, () => field.DecodeSignature(provider, where));
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var where = $"method {typeName}.{md.GetString(method.Name)}";
                if (method.GetGenericParameters().Count > 0)
                {
                    violations.Add($"generic method definition {where[7..]}");
                }

                Collect(violations, provider, where, () => method.DecodeSignature(provider, where));
                if (method.RelativeVirtualAddress != 0)
                {
                    var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                    if (!body.LocalSignature.IsNil)
                    {
                        var locals = md.GetStandaloneSignature(body.LocalSignature);
                        Collect(violations, provider, where + " (locals)", () => locals.DecodeLocalSignature(provider, where + " (locals)"));
                    }
                }
            }
        }

        for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var specHandle = MetadataTokens.TypeSpecificationHandle(row);
            var spec = md.GetTypeSpecification(specHandle);
            Collect(violations, provider, "type reference", () => spec.DecodeSignature(provider, "type reference"));
        }

        for (var row = 1; row <= md.GetTableRowCount(TableIndex.MethodSpec); row++)
        {
            var specHandle = MetadataTokens.MethodSpecificationHandle(row);
            var spec = md.GetMethodSpecification(specHandle);
            violations.Add($"generic method instantiation {provider.MemberName(spec.Method)}");
        }

        foreach (var refHandle in md.MemberReferences)
        {
            var member = md.GetMemberReference(refHandle);
            var where = $"reference to {provider.MemberName(refHandle)}";
            if (member.GetKind() == MemberReferenceKind.Method)
            {
                Collect(violations, provider, where, () => member.DecodeMethodSignature(provider, where));
            }
            else
            {
                Collect(violations, provider, where, () => member.DecodeFieldSignature(provider, where));
            }
        }

        return violations.ToList();
    }

    private static void Collect(SortedSet<string> violations, SignatureChecker provider, string where, Action decode)
    {
        decode();
        foreach (var v in provider.TakeFindings())
        {
            violations.Add($"{v} in {where}");
        }
    }
}
