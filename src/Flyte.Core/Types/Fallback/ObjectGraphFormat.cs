namespace Flyte.Types.Fallback;

/// <summary>The wire names of the opaque-object fallback (the .NET twin of flytekit's <c>PythonPickle</c>).</summary>
public static class ObjectGraphFormat
{
    /// <summary>The <c>BlobType.format</c> of an opaque object; names the serializer, as <c>PythonPickle</c> does.</summary>
    public const string Name = "DotNetObjectGraph";

    /// <summary>The <c>LiteralType.metadata</c> key holding the declared .NET type (the twin of <c>python_class_name</c>).</summary>
    public const string TypeNameKey = "dotnet_type_name";

    /// <summary>The first element of every payload: the serializer and its version.</summary>
    public const string Magic = "flyte-dotnet-object-graph/1";
}
