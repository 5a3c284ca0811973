using Crawler.Api;
using Crawler.Api.Checks;
using Crawler.Api.Primes;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrawlerApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseWebPage();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapCheckEndpoints();
app.MapPrimeEndpoints();
app.Run();
