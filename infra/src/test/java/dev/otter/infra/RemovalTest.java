package dev.otter.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** ./otter destroy removes everything, log groups included, unless the data was marked to be retained. */
class RemovalTest {
    private static List<Object> deletionPolicies(TestApps.Built built, String type) {
        List<Object> policies = new ArrayList<>();
        for (var template : List.of(built.template(OtterStacks::frontend), built.template(OtterStacks::signaling),
                built.template(OtterStacks::turn), built.template(OtterStacks::api))) {
            template.findResources(type).values().forEach(resource -> policies.add(((Map<?, ?>) resource).get("DeletionPolicy")));
        }
        return policies;
    }

    @Test
    void everyLogGroupAndTable_isDeletedWithItsStack_byDefault() {
        assertThat(deletionPolicies(TestApps.plain(), "AWS::Logs::LogGroup")).hasSizeGreaterThan(11).containsOnly("Delete");
        assertThat(deletionPolicies(TestApps.plain(), "AWS::DynamoDB::Table")).hasSize(4).containsOnly("Delete");
    }

    @Test
    void everyLogGroupAndTable_isRetained_whenDataIsRetained() {
        assertThat(deletionPolicies(TestApps.withDomains(), "AWS::Logs::LogGroup")).hasSizeGreaterThan(11).containsOnly("Retain");
        // Rooms, API keys and webhooks (endpoints, dead letters); the message budgets (counts that matter for ten
        // seconds) go with the stack regardless.
        assertThat(deletionPolicies(TestApps.withDomains(), "AWS::DynamoDB::Table"))
                .containsExactlyInAnyOrder("Retain", "Retain", "Retain", "Delete");
    }

    @Test
    void theSiteBucket_isTheOnlyBucketToEmpty_andIsDeletedWithItsStack() {
        assertThat(deletionPolicies(TestApps.plain(), "AWS::S3::Bucket")).containsExactly("Delete");
        assertThat(deletionPolicies(TestApps.withDomains(), "AWS::S3::Bucket")).containsExactly("Delete");
    }
}
