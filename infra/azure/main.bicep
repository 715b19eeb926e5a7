// Lumina on Azure: a Linux Function App on the Flex Consumption plan running the .NET isolated worker
// (src/Lumina.AzureFunctions) with Durable Functions, whose task hub lives in the storage account; the storage
// account (originals, derived files, the deployment package); an Event Grid subscription that feeds uploads to the
// BlobUploaded blob trigger; Azure Database for PostgreSQL Flexible Server for the catalog, its connection string
// (with the password) in Key Vault. The app signs in to storage and Key Vault with its system-assigned managed
// identity: no account key is in any setting, and the account refuses SharedKey requests.
// The README's "Deploying to Azure" walks through it.
//
// Lumina checks its own keys (LUMINA_FUNCTION_KEYS, LUMINA_ADMIN_KEY, Key Vault references to the secrets made from
// the two key parameters): the HTTP functions are anonymous to the host, so the web UI's sign-in cookie opens them as
// under lumina serve. Only the Event Grid webhooks carry the host's own keys.
//
// Deploy in two passes: the Event Grid webhooks need the app's system keys, which exist only once the code
// is deployed and the host has started. First with subscribeUploads=false, then publish the package, then
// again with subscribeUploads=true.

@description('Prefix of every resource name (3 to 11 lowercase letters or digits).')
@minLength(3)
@maxLength(11)
param name string

param location string = resourceGroup().location

@description('PostgreSQL administrator login; Lumina connects as this user.')
param postgresAdminLogin string = 'lumina'

@secure()
@description('PostgreSQL administrator password.')
param postgresAdminPassword string

@secure()
@minLength(32)
@description('Lumina function key(s), comma-separated: they open the API and the web UI (sign-in), except the destructive routes. Kept in Key Vault.')
param luminaFunctionKeys string

@secure()
@minLength(32)
@description('Lumina admin key: opens every route, deleting catalogs, moving rejected originals and the durable management API included. Kept in Key Vault.')
param luminaAdminKey string

@description('The container photographers upload originals to. Lumina reads it and never writes to it.')
param originalsContainer string = 'photos'

@description('The container for thumbnails and previews.')
param derivedContainer string = 'derived'

@description('Create the Event Grid subscriptions (second pass, after the code is published).')
param subscribeUploads bool = false

@description('Most instances the plan may scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 20

@allowed([2048, 4096])
param instanceMemoryMB int = 4096

@description('An address to let through the PostgreSQL firewall (e.g. your own, for lumina restore or psql); empty for none.')
param clientIpAddress string = ''

var suffix = uniqueString(resourceGroup().id, name)
var storageName = take('${name}${suffix}', 24)
var vaultName = take('${name}kv${suffix}', 24)
var appName = '${name}-${suffix}'
var packageContainer = 'app-package'

// The Functions app runs from the package, unpacked here; native/ holds libvips and ONNX Runtime (package.sh).
var appRoot = '/home/site/wwwroot'

// Built-in role definitions: the app's identity gets these on the storage account (blobs: originals, derived
// files, the package, the blob trigger's receipts; queues and tables: the Durable Functions task hub) and on the vault.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Every client signs in with Entra ID (the app's managed identity, a person's own account): no keys.
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Originals deleted by mistake can be undeleted for two weeks.
    deleteRetentionPolicy: { enabled: true, days: 14 }
    containerDeleteRetentionPolicy: { enabled: true, days: 14 }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in [originalsContainer, derivedContainer, packageContainer]: {
    parent: blobs
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs-${suffix}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-insights-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${suffix}'
  location: location
  sku: { name: 'Standard_B2s', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'lumina'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0 to 0.0.0.0 is Azure's convention for "services inside Azure", the Function App among them.
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource allowClient 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = if (!empty(clientIpAddress)) {
  parent: postgres
  name: 'AllowClient'
  properties: { startIpAddress: clientIpAddress, endIpAddress: clientIpAddress }
}

// The PostgreSQL connection string, password included, is a secret the app reads through a Key Vault reference.
resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 14
  }
}

resource postgresSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'lumina-postgres'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

// Lumina's keys, read by the app through Key Vault references like the connection string.
resource functionKeysSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'lumina-function-keys'
  properties: { value: luminaFunctionKeys }
}

resource adminKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'lumina-admin-key'
  properties: { value: luminaAdminKey }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: 'SystemAssigned'
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainer}'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // The host's storage and the Durable Functions task hub (queues, tables, blobs), by identity.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        // The originals' account, named by the blob trigger (Connection = "PhotoStorage") and by blob catalogs.
        { name: 'PhotoStorage__blobServiceUri', value: storage.properties.primaryEndpoints.blob }
        { name: 'PhotoStorage__queueServiceUri', value: storage.properties.primaryEndpoints.queue }
        { name: 'LUMINA_ORIGINALS_CONTAINER', value: originalsContainer }
        // The web UI's pages are functions at the site root (host.json's routePrefix is empty): not the host's home page.
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
        { name: 'LUMINA_TASK_HUB', value: 'lumina' }
        { name: 'LUMINA_POSTGRES', value: '@Microsoft.KeyVault(SecretUri=${postgresSecret.properties.secretUri})' }
        // Lumina's keys: without them (or with a reference the platform cannot resolve) the API refuses every request.
        { name: 'LUMINA_AUTH', value: 'keys' }
        { name: 'LUMINA_FUNCTION_KEYS', value: '@Microsoft.KeyVault(SecretUri=${functionKeysSecret.properties.secretUri})' }
        { name: 'LUMINA_ADMIN_KEY', value: '@Microsoft.KeyVault(SecretUri=${adminKeySecret.properties.secretUri})' }
        { name: 'LUMINA_WORKERS', value: instanceMemoryMB == 4096 ? '2' : '1' }
        // Instances have no lasting disk; blob catalogs' backups are copied to their derived container.
        { name: 'LUMINA_HOME', value: '/tmp/lumina' }
        // The loader reads these at process start: libvips, its modules and the libraries they load, from the package.
        { name: 'LD_LIBRARY_PATH', value: '${appRoot}/native' }
        { name: 'VIPSHOME', value: '${appRoot}/native/vips' }
      ]
    }
  }
  dependsOn: [containers, allowAzure]
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
    name: guid(storage.id, app.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: app.identity.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// The second pass: BlobCreated events of the originals container to the BlobUploaded blob trigger (through
// the blobs extension's webhook) and BlobDeleted events to Lumina's own Event Grid route, the one HTTP function
// on the host's function key (it opens that function only: every other one is anonymous to the host, checked by Lumina).
resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = if (subscribeUploads) {
  name: '${name}-uploads-${suffix}'
  location: location
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

resource appHost 'Microsoft.Web/sites/host@2024-04-01' existing = {
  parent: app
  name: 'default'
}

var originalsSubject = '/blobServices/default/containers/${originalsContainer}/'

resource uploaded 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribeUploads) {
  parent: topic
  name: 'blob-uploaded'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.BlobUploaded&code=${appHost.listKeys().systemKeys.blobs_extension}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobCreated']
      subjectBeginsWith: originalsSubject
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

resource deleted 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = if (subscribeUploads) {
  parent: topic
  name: 'blob-deleted'
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/api/events/blobs?code=${appHost.listKeys().functionKeys.default}'
        maxEventsPerBatch: 10
      }
    }
    filter: {
      includedEventTypes: ['Microsoft.Storage.BlobDeleted']
      subjectBeginsWith: originalsSubject
    }
    eventDeliverySchema: 'EventGridSchema'
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output functionAppName string = app.name
output hostName string = app.properties.defaultHostName
output storageAccountName string = storage.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
