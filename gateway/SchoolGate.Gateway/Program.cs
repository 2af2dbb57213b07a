using SchoolGate.Gateway;
using SchoolGate.Gateway.Accounts;

if (args is ["admin", .. var adminArgs])
{
    return await AdminCommand.RunAsync(adminArgs, Console.In, Console.Out, Console.Error);
}

var app = GatewayApp.Create(args);
await app.RunAsync();
return 0;
