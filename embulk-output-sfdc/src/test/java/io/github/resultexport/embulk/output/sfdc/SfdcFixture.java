package io.github.resultexport.embulk.output.sfdc;

import io.github.resultexport.embulk.output.sfdc.fake.FakeSalesforce;
import io.github.resultexport.embulk.output.sfdc.fake.FieldDef;
import io.github.resultexport.embulk.output.sfdc.fake.FieldType;
import io.github.resultexport.embulk.output.sfdc.fake.SObjectDef;
import org.junit.rules.ExternalResource;

/** A fake Salesforce with one user and the object {@code Result__c}, started and stopped around each test. */
public final class SfdcFixture extends ExternalResource {
    static final String USER = "loader@example.com";
    static final String PASSWORD = "s3cret-Pa55";
    static final String TOKEN = "TOKENabc123xyz";
    static final String OBJECT = "Result__c";

    FakeSalesforce sf;

    @Override
    protected void before() {
        sf = FakeSalesforce.start();
        sf.addUser(USER, PASSWORD, TOKEN, false);
        sf.defineObject(SObjectDef.named(OBJECT, "a01")
                .field(FieldDef.string("Name"))
                .field(FieldDef.of("Score__c", FieldType.DOUBLE))
                .field(FieldDef.of("Count__c", FieldType.INT))
                .field(FieldDef.of("Active__c", FieldType.BOOLEAN))
                .field(FieldDef.of("Day__c", FieldType.DATE))
                .field(FieldDef.of("At__c", FieldType.DATETIME))
                .field(FieldDef.string("Doc__c").length(32000))
                .field(FieldDef.string("Ext__c").externalId().unique())
                .field(FieldDef.string("Formula__c").readOnly()));
    }

    @Override
    protected void after() {
        sf.close();
    }
}
