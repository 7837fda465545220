// CloudFormation custom resource: mints Otter's first API key at deploy time.
// The key exists in plain text only in a Secrets Manager secret that ./otter deploy reads once and then
// deletes; the API-keys table stores its SHA-256 hex, as for every key the API rotates in later.
const crypto = require('crypto');

/** "otr_" + base64url of 24 random bytes (192 bits): the same format as keys the API rotates in. */
exports.newApiKey = () => 'otr_' + crypto.randomBytes(24).toString('base64url');

exports.keyHash = (key) => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

exports.handler = async (event) => {
  const props = event.ResourceProperties;
  let status = 'SUCCESS';
  let reason;
  try {
    if (event.RequestType === 'Create') {
      await create(props.TableName, props.SecretName);
    } else if (event.RequestType === 'Delete') {
      await deleteSecret(props.SecretName);
    }
    // An update never mints a second key: rotation is POST /apiKeys/rotate.
  } catch (error) {
    status = 'FAILED';
    reason = `${error.name}: ${error.message}`;
    console.error('first API key:', reason);
  }
  await respond(event, status, reason, props.SecretName);
};

async function create(tableName, secretName) {
  const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
  const { SecretsManagerClient, CreateSecretCommand } = require('@aws-sdk/client-secrets-manager');
  const key = exports.newApiKey();
  await new DynamoDBClient({}).send(new PutItemCommand({
    TableName: tableName,
    Item: {
      keyHash: { S: exports.keyHash(key) },
      createdAt: { N: String(Math.floor(Date.now() / 1000)) },
    },
    ConditionExpression: 'attribute_not_exists(keyHash)',
  }));
  await new SecretsManagerClient({}).send(new CreateSecretCommand({
    Name: secretName,
    Description: 'Otter first API key: read once by ./otter deploy, then deleted',
    SecretString: key,
  }));
}

async function deleteSecret(secretName) {
  const { SecretsManagerClient, DeleteSecretCommand } = require('@aws-sdk/client-secrets-manager');
  try {
    await new SecretsManagerClient({}).send(new DeleteSecretCommand({
      SecretId: secretName,
      ForceDeleteWithoutRecovery: true,
    }));
  } catch (error) {
    if (error.name !== 'ResourceNotFoundException') {
      throw error;
    }
  }
}

async function respond(event, status, reason, physicalResourceId) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason || 'see the function log',
    PhysicalResourceId: physicalResourceId,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  const response = await fetch(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '' }, body });
  if (!response.ok) {
    throw new Error(`CloudFormation response failed: ${response.status}`);
  }
}
