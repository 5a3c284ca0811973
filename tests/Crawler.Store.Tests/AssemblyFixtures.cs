[assembly: AssemblyFixture(typeof(Crawler.Testing.StoreFixture))]
