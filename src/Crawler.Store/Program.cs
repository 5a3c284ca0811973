var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEmbeddedStore();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
