[assembly: AssemblyFixture(typeof(Crawler.Testing.RedisServer))]
