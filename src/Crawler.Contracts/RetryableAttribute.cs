namespace Crawler.Contracts;

/// <summary>
/// A grain method that may be sent again when the cluster changed under it (its silo died, no answer came): calling it
/// twice does what calling it once does. <see cref="TransientRetryFilter"/> resends such calls.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class RetryableAttribute : Attribute;
