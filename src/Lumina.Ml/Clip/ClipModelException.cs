namespace Lumina.Ml.Clip;

/// <summary>A model folder or model file that is not a usable CLIP export; the message says what is wrong and what was expected.</summary>
public sealed class ClipModelException(string message, Exception? inner = null) : Exception(message, inner);
