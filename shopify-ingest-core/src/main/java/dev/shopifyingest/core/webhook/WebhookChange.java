package dev.shopifyingest.core.webhook;

import dev.shopifyingest.core.model.Deletion;
import dev.shopifyingest.core.model.Entity;
import java.util.Objects;

/** What a webhook delivery means for the stored data. */
public sealed interface WebhookChange {

    /** A new version of an entity (a create or update topic such as {@code orders/updated}). */
    record Upsert(Entity entity) implements WebhookChange {
        /** Checks the entity. */
        public Upsert {
            Objects.requireNonNull(entity, "entity");
        }
    }

    /** An entity was deleted (a delete topic such as {@code orders/delete}). */
    record Delete(Deletion deletion) implements WebhookChange {
        /** Checks the deletion. */
        public Delete {
            Objects.requireNonNull(deletion, "deletion");
        }
    }

    /** The topic changes no entity (uninstall, compliance, bulk operation finished, ...). */
    record NoEntityChange(WebhookTopic topic) implements WebhookChange {
        /** Checks the topic. */
        public NoEntityChange {
            Objects.requireNonNull(topic, "topic");
        }
    }
}
