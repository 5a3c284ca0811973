namespace Crawler.Probing;

/// <summary>Thrown by an <see cref="IResponseReader"/> that refuses a body: the attempt ends <see cref="ProbeOutcome.Rejected"/>.</summary>
public sealed class BodyRejectedException(string message, Exception? innerException = null) : Exception(message, innerException);
