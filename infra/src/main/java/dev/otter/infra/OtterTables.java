package dev.otter.infra;

import dev.otter.config.OtterFunction;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.constructs.Construct;

/** Otter's DynamoDB tables, keyed exactly as {@link OtterFunction.Table} says the adapters expect. */
public final class OtterTables {
    private OtterTables() {}

    /**
     * On-demand (Otter idles most of the time), TTL on {@code ttl}, point-in-time recovery on, and the table's
     * global secondary indexes ({@link OtterFunction.Table#indexes()}).
     *
     * @param removal {@link RemovalPolicy#RETAIN} keeps the data when the stack is deleted ({@code --retain-data})
     */
    public static Table create(Construct scope, OtterFunction.Table table, RemovalPolicy removal) {
        Table.Builder builder = Table.Builder.create(scope, LambdaFactory.constructId(table.name()) + "Table")
                .partitionKey(Attribute.builder().name(table.partitionKey()).type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute(OtterFunction.Table.TTL_ATTRIBUTE)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true)
                        .build())
                .removalPolicy(removal);
        if (table.sortKey() != null) {
            builder.sortKey(Attribute.builder().name(table.sortKey()).type(AttributeType.STRING).build());
        }
        Table created = builder.build();
        for (OtterFunction.Index index : table.indexes()) {
            created.addGlobalSecondaryIndex(GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(Attribute.builder().name(index.partitionKey()).type(AttributeType.STRING).build())
                    .sortKey(Attribute.builder().name(index.sortKey()).type(AttributeType.NUMBER).build())
                    .projectionType(ProjectionType.INCLUDE)
                    .nonKeyAttributes(index.projected())
                    .build());
        }
        return created;
    }
}
