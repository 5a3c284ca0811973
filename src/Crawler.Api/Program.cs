using Crawler.Api;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrawlerApi();

var app = builder.Build();
app.UseWebPage();
app.MapDefaultEndpoints();
app.MapCrawlerApi();
app.MapCrawlerDashboard();
app.Run();
