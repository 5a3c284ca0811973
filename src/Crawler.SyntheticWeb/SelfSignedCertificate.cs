using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Crawler.SyntheticWeb;

/// <summary>A throw-away certificate no one trusts: what an invalid-TLS site looks like.</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the key in a form it can use for the handshake: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
