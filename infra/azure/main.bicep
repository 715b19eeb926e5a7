// Lumina on Azure: a Linux Function App on the Flex Consumption plan running Lumina as a custom handler,
// a storage account (originals, derived files, the deployment package, the work queue), an Event Grid
// subscription that feeds uploads to the BlobUploaded trigger, and Azure Database for PostgreSQL Flexible
// Server for the catalog and the durable task hub. The README's "Deploying to Azure" walks through it.
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
var appName = '${name}-${suffix}'
var packageContainer = 'app-package'
var workQueue = 'lumina-work'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Lumina's blob and queue clients sign with the account key (SharedKey).
    allowSharedKeyAccess: true
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

resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource queue 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: workQueue
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}'

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
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainer}'
          authentication: {
            type: 'StorageAccountConnectionString'
            storageAccountConnectionStringName: 'DEPLOYMENT_STORAGE_CONNECTION_STRING'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'custom', version: '1.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'AzureWebJobsStorage', value: storageConnection }
        { name: 'DEPLOYMENT_STORAGE_CONNECTION_STRING', value: storageConnection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'PhotoStorage', value: storageConnection }
        { name: 'LUMINA_ORIGINALS_CONTAINER', value: originalsContainer }
        {
          name: 'LUMINA_POSTGRES'
          value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
        }
        // The Functions host checks keys (authLevel in each function.json) before it forwards a request, and
        // Lumina listens on 127.0.0.1 behind it.
        { name: 'LUMINA_AUTH', value: 'anonymous' }
        // Uploads arrive through Event Grid; no instance needs to scan the container.
        { name: 'LUMINA_TRIGGER_INTERVAL', value: '0' }
        { name: 'LUMINA_WORK_QUEUE', value: 'AzureWebJobsStorage' }
        { name: 'LUMINA_WORK_QUEUE_NAME', value: workQueue }
        { name: 'LUMINA_WORKERS', value: instanceMemoryMB == 4096 ? '2' : '1' }
        // Instances have no lasting disk; blob catalogs' backups are copied to their derived container.
        { name: 'LUMINA_HOME', value: '/tmp/lumina' }
      ]
    }
  }
  dependsOn: [containers, queue, allowAzure]
}

// The second pass: BlobCreated events of the originals container to the BlobUploaded blob trigger (through
// the blobs extension's webhook) and BlobDeleted events to Lumina's own Event Grid route.
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
