using System.Net;
using System.Net.Sockets;

namespace Crawler.Testing;

/// <summary>
/// A TCP forwarder on loopback between clients and a store, which a test can cut: every connection through it is dropped
/// and new ones are refused until it is mended — a store that drops its connections for a while, or a network that does.
/// It can also swallow the store's answers from a given command on (<see cref="LoseAnswersFrom"/>): commands still reach
/// the store and are carried out, but the client never hears — what a client sees when the store or the network fails
/// just after a write.
/// </summary>
public sealed class StoreProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;
    private volatile bool _losingAnswers;
    private volatile byte[]? _loseFrom;

    /// <param name="connectionString">The store's connection string; its first part (<c>host:port</c>) is where connections go.</param>
    public StoreProxy(string connectionString)
    {
        _target = IPEndPoint.Parse(connectionString.Split(',')[0]);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The store's connection string, through the proxy.</summary>
    public string Rewrite(string connectionString) =>
        $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}" + connectionString[connectionString.Split(',')[0].Length..];

    /// <summary>Drops every connection and refuses new ones until <see cref="Mend"/>.</summary>
    public void Cut()
    {
        _cut = true;
        lock (_lock)
        {
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, as a dead peer gives
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Lets connections through again, answers and all.</summary>
    public void Mend()
    {
        _loseFrom = null;
        _losingAnswers = false;
        _cut = false;
    }

    /// <summary>
    /// Once a client sends <paramref name="command"/> (as <c>EXEC</c>, which ends a transaction), the store's answers are
    /// dropped on the way back, that command's first, until <see cref="Mend"/>.
    /// </summary>
    public void LoseAnswersFrom(string command) => _loseFrom = System.Text.Encoding.ASCII.GetBytes($"${command.Length}\r\n{command}\r\n");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_cut)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                continue;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        var store = new TcpClient();
        lock (_lock)
        {
            _open.Add(client);
            _open.Add(store);
        }

        try
        {
            await store.ConnectAsync(_target, _stopping.Token);
            await Task.WhenAny(
                CopyAsync(client.GetStream(), store.GetStream(), answers: false),
                CopyAsync(store.GetStream(), client.GetStream(), answers: true));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // cut, or the other side went away
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(store);
            }

            client.Dispose();
            store.Dispose();
        }
    }

    private async Task CopyAsync(NetworkStream from, NetworkStream to, bool answers)
    {
        var buffer = new byte[64 * 1024];
        while (await from.ReadAsync(buffer, _stopping.Token) is var read and > 0)
        {
            if (!answers && _loseFrom is { } command && buffer.AsSpan(0, read).IndexOf(command) >= 0)
            {
                _losingAnswers = true; // before the command goes on, so its answer is the first lost
            }

            if (!(answers && _losingAnswers))
            {
                await to.WriteAsync(buffer.AsMemory(0, read), _stopping.Token);
            }
        }
    }
}
