package dev.otter.infra;

import dev.otter.config.OtterFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Lookups over synthesized templates that several tests share; they never depend on hashed logical ids. */
final class Templates {
    private Templates() {}

    record FunctionResource(Template template, String logicalId, Map<String, Object> properties) {}

    /** The one Lambda of {@code spec} across the given templates (fails if there is not exactly one). */
    static FunctionResource function(OtterFunction spec, List<Template> templates) {
        List<FunctionResource> found = new ArrayList<>();
        for (Template template : templates) {
            template.findResources("AWS::Lambda::Function", Match.objectLike(Map.of("Properties",
                    Map.of("Handler", spec.handlerClass() + "::handleRequest"))))
                    .forEach((id, resource) -> found.add(new FunctionResource(template, id, properties(resource))));
        }
        if (found.size() != 1) {
            throw new AssertionError("Expected exactly one function for " + spec + ", found " + found.size());
        }
        return found.get(0);
    }

    /** Every IAM statement attached to the function's role. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> statements(FunctionResource function) {
        Map<String, Object> roleArn = (Map<String, Object>) function.properties().get("Role");
        String roleId = ((List<String>) roleArn.get("Fn::GetAtt")).get(0);
        List<Map<String, Object>> statements = new ArrayList<>();
        function.template().findResources("AWS::IAM::Policy").values().forEach(policy -> {
            Map<String, Object> properties = properties(policy);
            if (properties.get("Roles").toString().contains(roleId)) {
                Map<String, Object> document = (Map<String, Object>) properties.get("PolicyDocument");
                statements.addAll((List<Map<String, Object>>) document.get("Statement"));
            }
        });
        return statements;
    }

    static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(action.toString());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Object resource) {
        return (Map<String, Object>) ((Map<String, Object>) resource).get("Properties");
    }

    /** The single resource of a type matching the properties, as its property map. */
    static Map<String, Object> only(Template template, String type, Map<String, Object> properties) {
        Map<String, Map<String, Object>> found = template.findResources(type, Match.objectLike(Map.of("Properties", properties)));
        if (found.size() != 1) {
            throw new AssertionError("Expected one " + type + " like " + properties + ", found " + found.size());
        }
        return properties(found.values().iterator().next());
    }
}
