var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCrawlerSilo();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
