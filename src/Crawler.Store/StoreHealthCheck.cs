using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Crawler.Store;

/// <summary>Healthy when the store answers PING over its own protocol, as its clients will talk to it.</summary>
internal sealed class StoreHealthCheck(IOptions<StoreOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var store = options.Value;
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(store.LocalAddress, store.Port, timeout.Token);
            var stream = client.GetStream();
            // With a password, AUTH first (a bulk-string command, so that any password is sent as it is).
            var command = store.Password is { Length: > 0 } password
                ? $"*2\r\n$4\r\nAUTH\r\n${Encoding.UTF8.GetByteCount(password)}\r\n{password}\r\nPING\r\n"
                : "PING\r\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command), timeout.Token);
            var answer = new StringBuilder();
            var buffer = new byte[64];
            while (!answer.ToString().Contains("+PONG", StringComparison.Ordinal) && !answer.ToString().Contains('-', StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return answer.ToString().Contains("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"unexpected answer to PING: {answer.ToString().Trim()}");
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return HealthCheckResult.Unhealthy("store not answering", ex);
        }
    }
}
