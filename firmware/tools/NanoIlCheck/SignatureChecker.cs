using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace SchoolGate.Firmware.NanoIlCheck;

/// <summary>
/// Decodes signatures to readable type names and records every construct nanoFramework 1.x
/// cannot run. The generic context is just a label; findings are collected per decode.
/// </summary>
internal sealed class SignatureChecker(MetadataReader md) : ISignatureTypeProvider<string, string>
{
    private readonly List<string> _findings = [];

    public List<string> TakeFindings()
    {
        var taken = new List<string>(_findings);
        _findings.Clear();
        return taken;
    }

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        var name = $"{genericType}<{string.Join(",", typeArguments)}>";
        _findings.Add($"generic instantiation {name}");
        return name;
    }

    public string GetArrayType(string elementType, ArrayShape shape)
    {
        var name = $"{elementType}[{new string(',', shape.Rank - 1)}]";
        if (shape.Rank > 1)
        {
            _findings.Add($"multi-dimensional array {name}");
        }

        return name;
    }

    public string GetGenericTypeParameter(string genericContext, int index)
    {
        _findings.Add($"generic type parameter !{index}");
        return $"!{index}";
    }

    public string GetGenericMethodParameter(string genericContext, int index)
    {
        _findings.Add($"generic method parameter !!{index}");
        return $"!!{index}";
    }

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPinnedType(string elementType) => elementType + " pinned";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetFunctionPointerType(MethodSignature<string> signature) => "method*";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeDefinition(handle);
        var name = reader.GetString(type.Name);
        if (type.IsNested)
        {
            return GetTypeFromDefinition(reader, type.GetDeclaringType(), rawTypeKind) + "+" + name;
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        var type = reader.GetTypeReference(handle);
        var ns = reader.GetString(type.Namespace);
        var name = reader.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromSpecification(MetadataReader reader, string genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    /// <summary>Readable name of a method/field handle (MethodDef or MemberRef) for messages.</summary>
    public string MemberName(EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                var def = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                return GetTypeFromDefinition(md, def.GetDeclaringType(), 0) + "." + md.GetString(def.Name);
            case HandleKind.MemberReference:
                var reference = md.GetMemberReference((MemberReferenceHandle)handle);
                return ParentName(reference.Parent) + "." + md.GetString(reference.Name);
            default:
                return handle.Kind.ToString();
        }
    }

    private string ParentName(EntityHandle parent)
    {
        // Decoding a TypeSpec parent here would record findings twice; the TypeSpec scan reports it.
        switch (parent.Kind)
        {
            case HandleKind.TypeDefinition:
                return GetTypeFromDefinition(md, (TypeDefinitionHandle)parent, 0);
            case HandleKind.TypeReference:
                return GetTypeFromReference(md, (TypeReferenceHandle)parent, 0);
            case HandleKind.TypeSpecification:
                var saved = TakeFindings();
                var name = md.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(this, "");
                _findings.Clear();
                _findings.AddRange(saved);
                return name;
            default:
                return parent.Kind.ToString();
        }
    }
}
